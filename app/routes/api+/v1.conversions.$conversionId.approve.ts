/** POST /api/v1/conversions/{conversionId}/approve: the portal's Approve, under the API key. */
import { conversionStatusOperation } from '~/api/conversion-status.server';
import { apiResource } from '~/api/route.server';

const resource = apiResource('/conversions/{conversionId}/approve', [
  conversionStatusOperation('approve'),
]);

export const loader = resource.loader;
export const action = resource.action;
