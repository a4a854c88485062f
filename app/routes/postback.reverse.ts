import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handlePostbackFetch } from '~/conversions/postback.server';

export const loader = ({ request }: LoaderFunctionArgs) => handlePostbackFetch('reverse', request);
export const action = ({ request }: ActionFunctionArgs) => handlePostbackFetch('reverse', request);
