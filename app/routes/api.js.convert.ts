import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { snippetConversion, snippetPreflight } from '~/conversions/snippet.server';

// Remix routes OPTIONS (the CORS preflight) to the loader and POST to the action.
export const loader = ({ request }: LoaderFunctionArgs) => snippetPreflight(request);
export const action = ({ request }: ActionFunctionArgs) => snippetConversion(request);
