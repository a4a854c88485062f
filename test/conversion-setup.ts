/**
 * Test data and plumbing for the conversion tests (postbacks, TUNE drop-in, promo codes, store
 * connectors): a brand with a member, an offer, the member's link and clicks on it (inserted
 * directly, as the click writer would); another member with a link, a promo code; the brand's
 * conversions; and the tracking endpoints over real HTTP.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { db } from '../db/client';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  type PayoutInput,
} from '../seed/factories';
import { clicks, conversions, type offers } from '../db/schema';
import { assignPromoCodes } from '../app/promo-codes/promo-codes.server';

export async function conversionSetup(
  options: { offer?: Partial<typeof offers.$inferInsert>; payouts?: PayoutInput[] } = {},
) {
  const { brand, user } = await createBrandWithUser();
  const member = await createMember(brand.id);
  const { offer, payouts } = await createOffer(brand.id, {
    ...options.offer,
    payouts: options.payouts,
  });
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  const click = (input: Partial<typeof clicks.$inferInsert> = {}) =>
    insertClick({ link, ...input });
  return { brand, user, member, offer, payouts, link, click };
}

type Setup = Awaited<ReturnType<typeof conversionSetup>>;

export async function insertClick(
  input: {
    link: { id: string; brandId: string; offerId: string; memberId: string };
  } & Partial<typeof clicks.$inferInsert>,
) {
  const { link, ...fields } = input;
  const [row] = await db
    .insert(clicks)
    .values({
      id: randomUUID(),
      brandId: link.brandId,
      offerId: link.offerId,
      linkId: link.id,
      memberId: link.memberId,
      createdAt: new Date(),
      ipHash: 'test',
      ...fields,
    })
    .returning();
  return row;
}

/** Another member of the setup's brand, with a main link on its offer (its first payout option). */
export async function otherMemberWithLink(s: Setup, name = 'Omar Other') {
  const member = await createMember(s.brand.id, { name });
  const link = await createLink({
    brandId: s.brand.id,
    offerId: s.offer.id,
    memberId: member.id,
    payoutOptionId: s.payouts[0].id,
  });
  return { member, link };
}

/** Gives a member of the setup a promo code on its offer, as Add Members does. */
export async function givePromoCode(s: Setup, memberId: string, code: string) {
  const [given] = await db.transaction((tx) =>
    assignPromoCodes(tx, {
      brandId: s.brand.id,
      offerId: s.offer.id,
      userId: s.user.id,
      requests: [{ memberId, code }],
      membersById: new Map(),
    }),
  );
  return given;
}

/** The brand's conversions (refusals included), oldest first. */
export const conversionsOf = (brandId: string) =>
  db
    .select()
    .from(conversions)
    .where(eq(conversions.brandId, brandId))
    .orderBy(conversions.createdAt);

/** server.ts's startServer (test/ may not import the entrance itself: the caller hands it in). */
type StartServer = (options: {
  web: boolean;
  worker: boolean;
  seed: boolean;
  port: number;
  host: string;
  log: (line: string) => void;
}) => Promise<{ port: number; stop: () => Promise<void> }>;

export interface EndpointAnswer {
  status: number;
  text: string;
  /** The answer parsed as JSON; its text when it is not JSON (TUNE answers text/plain). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are checked field by field
  body: any;
  contentType: string | null;
}

/**
 * The tracking endpoints over real HTTP for a test file: a server without the web build or the
 * worker, started before the file's tests and stopped after them. `base` is its address once
 * started; `get` sends a GET with the query (a string, or parameters whose undefined ones are
 * left out).
 */
export function trackingServer(start: StartServer) {
  let server: Awaited<ReturnType<StartServer>> | undefined;
  let base = '';
  beforeAll(async () => {
    server = await start({
      web: false,
      worker: false,
      seed: false,
      port: 0,
      host: '127.0.0.1',
      log: () => {},
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get base() {
      return base;
    },
    async get(
      path: string,
      query: string | Record<string, string | undefined>,
    ): Promise<EndpointAnswer> {
      let qs: string;
      if (typeof query === 'string') qs = query;
      else {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
        qs = params.toString();
      }
      const response = await fetch(`${base}${path}?${qs}`);
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Text, as it came.
      }
      return {
        status: response.status,
        text,
        body,
        contentType: response.headers.get('content-type'),
      };
    },
  };
}
