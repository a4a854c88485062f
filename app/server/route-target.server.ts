import { matchRoutes } from '@remix-run/react';

interface RouteEntry {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
}
interface RouteNode extends RouteEntry {
  children?: RouteNode[];
}

/**
 * The route a request is addressed to, as Remix picks it: the index route with a bare `?index`,
 * else the deepest route that adds to the path (a layout, not its index). Matched here from the
 * build's route table (Remix's own matches stop at the root for a method it does not handle).
 */
export function targetRouteId(
  routes: Record<string, RouteEntry | undefined>,
  url: string,
): string | undefined {
  const entries = Object.values(routes).filter((r): r is RouteEntry => Boolean(r));
  const tree = (parentId: string | undefined): RouteNode[] =>
    entries
      .filter((r) => r.parentId === parentId)
      .map((r) => (r.index ? { ...r } : { ...r, children: tree(r.id) }));
  const routeObjects = tree(undefined) as unknown as Parameters<typeof matchRoutes>[0];
  const matches = (matchRoutes(routeObjects, new URL(url).pathname) ?? []) as unknown as {
    route: RouteNode;
  }[];
  const last = matches[matches.length - 1];
  if (!last) return undefined;
  const index = new URL(url).searchParams.getAll('index');
  if (last.route.index && index.some((v) => v === '')) return last.route.id;
  const contributing = matches.filter((m, i) => i === 0 || Boolean(m.route.path));
  return contributing[contributing.length - 1]?.route.id;
}
