/** POST /api/v1/conversions/{conversionId}/reverse: the portal's Reverse, under the API key. */
import { conversionStatusOperation } from '~/api/conversion-status.server';
import { apiResource } from '~/api/route.server';

const resource = apiResource('/conversions/{conversionId}/reverse', [
  conversionStatusOperation('reverse'),
]);

export const loader = resource.loader;
export const action = resource.action;
