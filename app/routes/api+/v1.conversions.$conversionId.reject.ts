/** POST /api/v1/conversions/{conversionId}/reject: the portal's Reject, under the API key. */
import { conversionStatusOperation } from '~/api/conversion-status.server';
import { apiResource } from '~/api/route.server';

const resource = apiResource('/conversions/{conversionId}/reject', [
  conversionStatusOperation('reject'),
]);

export const loader = resource.loader;
export const action = resource.action;
