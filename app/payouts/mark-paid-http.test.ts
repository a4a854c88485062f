/**
 * The Mark paid form as a browser gets it, over real HTTP from a production build, and submitted
 * as a plain HTML form (what a browser does before the page's scripts load): a member without a
 * PayPal address (issue 19, item 5), and a total that changed since the page was opened
 * (item 2), answered with the whole page again, its message and the new figures.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { conversions } from '../../db/schema';
import { createBrandWithUser, createLink, createMember, createOffer } from '../../seed/factories';
import { startServer, type RunningServer } from '../../server';
import { webServerOptions } from '../../test/web-server';
import { createSession, SESSION_COOKIE } from '../auth/session.server';
import { reverseConversions } from './lifecycle.server';
import { rollupBrand } from './rollup.server';

let server: RunningServer & { base: string };

beforeAll(async () => {
  const running = await startServer(await webServerOptions());
  server = { ...running, base: `http://127.0.0.1:${running.port}` };
}, 300_000);
afterAll(async () => {
  await server?.stop();
});

let orders = 0;

async function setup() {
  const { brand, user } = await createBrandWithUser();
  const { offer, payouts } = await createOffer(brand.id, { currency: 'USD' });
  const ben = await createMember(brand.id, { name: 'Ben Ortiz' });
  const ann = await createMember(brand.id, { name: 'Ann Archer' });
  await db.execute(
    sql`update members set payout_email = 'ann.paypal@example.com' where id = ${ann.id}`,
  );
  const linkOf = (memberId: string) =>
    createLink({ brandId: brand.id, offerId: offer.id, memberId, payoutOptionId: payouts[0].id });
  const links = { [ben.id]: await linkOf(ben.id), [ann.id]: await linkOf(ann.id) };
  const sale = async (memberId: string, commissionMinor: number) => {
    const link = links[memberId];
    const [row] = await db
      .insert(conversions)
      .values({
        brandId: brand.id,
        offerId: offer.id,
        linkId: link.id,
        memberId,
        payoutOptionId: payouts[0].id,
        orderId: `HTTP-${++orders}`,
        amountMinor: commissionMinor * 10,
        currency: 'USD',
        commissionMinor,
        status: 'pending',
        source: 'postback',
      })
      .returning();
    return row;
  };
  const { token } = await createSession({ userId: user.id });
  return { brand, ben, ann, sale, cookie: `${SESSION_COOKIE}=${token}` };
}

const statementOf = async (memberId: string) =>
  (
    await db.execute<{ id: string }>(
      sql`select id from statements where member_id = ${memberId} and status <> 'paid'`,
    )
  )[0].id;

/** A page's HTML without the comments React puts between adjacent text parts. */
const html = async (response: Response) => (await response.text()).replace(/<!-- -->/g, '');

function page(path: string, cookie: string, form?: URLSearchParams) {
  return fetch(`${server.base}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    body: form,
    headers: { cookie, origin: server.base },
  });
}

/** The form fields of the page's "Mark this statement paid" form, as the browser would send. */
function formFields(html: string): URLSearchParams {
  const form = html.match(/<form[^>]*aria-label="Mark this statement paid"[\s\S]*?<\/form>/)![0];
  const fields = new URLSearchParams();
  for (const input of form.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields.set(name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  return fields;
}

describe('Mark paid over HTTP', () => {
  test('a member without a PayPal address: the form says so and starts at bank transfer', async () => {
    const { brand, ben, ann, sale, cookie } = await setup();
    await sale(ben.id, 1000);
    await sale(ann.id, 1000);
    await rollupBrand(brand.id);

    const benPage = await html(
      await page(`/brand/payouts/statements/${await statementOf(ben.id)}`, cookie),
    );
    expect(benPage).toContain('Ben Ortiz has not given a PayPal address');
    expect(benPage).toMatch(/<option value="bank_transfer" selected="">Bank transfer<\/option>/);
    expect(benPage).not.toMatch(/<option value="paypal" selected="">/);

    const annPage = await html(
      await page(`/brand/payouts/statements/${await statementOf(ann.id)}`, cookie),
    );
    expect(annPage).not.toContain('has not given a PayPal address');
    expect(annPage).toMatch(/<option value="" selected="">Choose…<\/option>/);
  });

  test('a total changed since the page was opened: refused as a page with the message and the new figures', async () => {
    const { brand, ben, sale, cookie } = await setup();
    await sale(ben.id, 2500);
    const refunded = await sale(ben.id, 102);
    await rollupBrand(brand.id);
    const statementId = await statementOf(ben.id);
    const path = `/brand/payouts/statements/${statementId}`;
    const opened = await html(await page(path, cookie));
    expect(opened).toContain('Record the payment of $26.02 to Ben Ortiz.');
    const fields = formFields(opened);
    fields.set('method', 'bank_transfer'); // the select's starting value for Ben

    await reverseConversions(db, brand.id, [refunded.id], {}, { kind: 'postback' });
    const refused = await page(path, cookie, fields);
    expect(refused.status).toBe(409);
    const answer = await html(refused);
    expect(answer).toContain(
      'The total changed from $26.02 to $25.00 since you opened this page. Nothing was marked paid.',
    );
    expect(answer).toContain('Record the payment of $25.00 to Ben Ortiz.');
    expect(
      await db.execute(sql`select 1 from statements where id = ${statementId} and status = 'paid'`),
    ).toHaveLength(0);

    // The page as answered now pays $25.00.
    const again = formFields(answer);
    again.set('method', 'bank_transfer');
    const paid = await page(path, cookie, again);
    expect(paid.status).toBe(200);
    expect(await html(paid)).toContain('Statement marked paid.');
    const [payout] = await db.execute<{ amount_minor: string }>(
      sql`select amount_minor::text from payouts where member_id = ${ben.id}`,
    );
    expect(payout.amount_minor).toBe('2500');
  });
});
