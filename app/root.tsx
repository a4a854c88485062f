import type { LinksFunction, MetaFunction } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { useNonce } from './components/nonce';
import stylesheet from './tailwind.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'Offerlink' }];

/**
 * zod 4 probes for `new Function` (its fast object parser) when a schema is built, and a strict
 * CSP reports that probe as a violation even though zod catches it. `jitless` skips the probe; it
 * must be set before any module builds a schema, so it is the first script of the page.
 */
const ZOD_WITHOUT_EVAL =
  'globalThis.__zod_globalConfig=Object.assign(globalThis.__zod_globalConfig||{},{jitless:true})';

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // A 405 page (a form post to a page that takes none) needs no script, and Remix's hydration
  // data for it would carry the router's internal message: it is sent as plain HTML.
  const error = useRouteError();
  const scripts = !(isRouteErrorResponse(error) && error.status === 405);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_WITHOUT_EVAL }} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const { title, detail } = errorPageText(status, error);
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      <p className="mt-3 text-slate-600">{detail}</p>
      <a className="mt-6 inline-block text-brand-600 underline" href="/">
        Go to the home page
      </a>
    </main>
  );
}

/**
 * What the error page says. A message of our own (a string thrown with the response) is shown;
 * the router's internal ones ("You made a POST request to … but did not provide an `action`…",
 * "No route matches URL …") never are.
 */
function errorPageText(status: number, error: unknown): { title: string; detail: string } {
  if (status === 404) {
    return {
      title: 'Page not found',
      detail: 'The page you asked for does not exist, or it belongs to another account.',
    };
  }
  if (status === 405) {
    return {
      title: 'This page cannot be changed this way',
      detail:
        'This address only shows a page: it takes no form submission. Open it in your browser and use the buttons and forms on it.',
    };
  }
  const own =
    isRouteErrorResponse(error) &&
    !(error as { internal?: boolean }).internal &&
    typeof error.data === 'string'
      ? error.data
      : null;
  return {
    title: status === 403 ? 'Not allowed' : 'Something went wrong',
    detail: own ?? 'Please try again. If it keeps happening, contact your administrator.',
  };
}
