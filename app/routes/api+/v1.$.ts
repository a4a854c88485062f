/**
 * Any other address under /api/v1: a 404 problem (never the portal's HTML page), whatever the
 * method and whether or not a key is sent.
 */
import { ApiProblem, problemResponse } from '../../api/problem.server';

function unknownAddress({ request }: { request: Request }) {
  const { pathname } = new URL(request.url);
  return problemResponse(
    new ApiProblem(
      'not_found',
      `There is no API endpoint at ${pathname}. The reference is at /api/v1/openapi.json.`,
    ),
  );
}

export const loader = unknownAddress;
export const action = unknownAddress;
