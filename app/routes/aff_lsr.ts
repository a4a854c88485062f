import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { handlePostbackFetch } from '~/conversions/postback.server';

// TUNE (HasOffers) dialect: brands move an existing integration by changing the host name.
export const loader = ({ request }: LoaderFunctionArgs) => handlePostbackFetch('tune', request);
export const action = ({ request }: ActionFunctionArgs) => handlePostbackFetch('tune', request);
