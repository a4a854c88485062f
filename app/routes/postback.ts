import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handlePostbackFetch } from '~/conversions/postback.server';

// Normally answered by the node:http fast path (app/conversions/postback-fast-path.server.ts);
// this route is the same handler behind Remix, for deployments and tests that reach it.
export const loader = ({ request }: LoaderFunctionArgs) => handlePostbackFetch('postback', request);
export const action = ({ request }: ActionFunctionArgs) => handlePostbackFetch('postback', request);
