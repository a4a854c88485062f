import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { e2eDatabase } from './database';
import {
  addMember,
  createOffer,
  generateLinks,
  LAPTOP_USER_AGENT,
  postback,
  postbackToken,
  shopperClick,
} from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const money = (minor: number) => usd.format(minor / 100);

/** The brand's figures counted from the raw rows, as the reports page should show them. */
async function figuresFromRows(
  sql: ReturnType<typeof e2eDatabase>,
  brandName: string,
  memberName?: string,
) {
  const member = memberName ?? null;
  const [totals] = await sql<
    { clicks: number; conversions: number; sales: number; commission: number }[]
  >`
    select
      (select count(*)::int from clicks c join members m on m.id = c.member_id
        where c.brand_id = b.id and not c.is_bot and (${member}::text is null or m.name = ${member}))
        as clicks,
      (select count(*)::int from conversions v join members m on m.id = v.member_id
        where v.brand_id = b.id and v.status in ('pending', 'approved')
          and (${member}::text is null or m.name = ${member})) as conversions,
      (select coalesce(sum(amount_minor), 0)::int from conversions v join members m on m.id = v.member_id
        where v.brand_id = b.id and v.status in ('pending', 'approved')
          and (${member}::text is null or m.name = ${member})) as sales,
      (select coalesce(sum(commission_minor), 0)::int from conversions v join members m on m.id = v.member_id
        where v.brand_id = b.id and v.status in ('pending', 'approved')
          and (${member}::text is null or m.name = ${member})) as commission
      from brands b where b.name = ${brandName}`;
  const days = await sql<{ day: string; clicks: number; conversions: number }[]>`
    select day, sum(clicks)::int as clicks, sum(conversions)::int as conversions from (
      select to_char(c.created_at at time zone b.time_zone, 'YYYY-MM-DD') as day,
             1 as clicks, 0 as conversions
        from clicks c join brands b on b.id = c.brand_id join members m on m.id = c.member_id
       where b.name = ${brandName} and not c.is_bot and (${member}::text is null or m.name = ${member})
      union all
      select to_char(v.created_at at time zone b.time_zone, 'YYYY-MM-DD'), 0, 1
        from conversions v join brands b on b.id = v.brand_id join members m on m.id = v.member_id
       where b.name = ${brandName} and v.status in ('pending', 'approved')
         and (${member}::text is null or m.name = ${member})) t
     group by day order by day`;
  return { ...totals, days };
}

/** Chooses the option of a labelled select whose text starts with `text` ("Maya Lopez (maya-…)"). */
async function chooseOption(page: Page, label: string, text: string) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select
    .locator('option')
    .filter({ hasText: new RegExp(`^${text}`) })
    .getAttribute('value');
  await select.selectOption(value!);
}

const figure = (page: Page, label: string) => page.locator(`[data-figure="${label}"] dd`).first();

/** The reports page's cards and per-day chart figures, read as numbers. */
async function pageFigures(page: Page) {
  const text = async (label: string) => (await figure(page, label).textContent())!.trim();
  const details = page.locator('details').filter({ hasText: 'Show the chart’s figures' });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await page.getByText('Show the chart’s figures as a table').click();
  }
  const rows = page.getByRole('table', { name: /per day/ }).locator('tbody tr');
  const days: { day: string; clicks: number; conversions: number }[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allTextContents();
    const [clicks, conversions] = [Number(cells[1]), Number(cells[2])];
    if (clicks || conversions) {
      days.push({ day: (await row.getAttribute('data-at'))!, clicks, conversions });
    }
  }
  return {
    clicks: Number(await text('Clicks')),
    conversions: Number(await text('Conversions')),
    sales: await text('Sales'),
    commission: await text('Commission'),
    days,
  };
}

/**
 * Conversions management end to end: clicks through the redirect and conversions through the
 * server postback; the reports page's totals and chart against the rows in the database, with a
 * member filter; a conversion rejected from the conversions list with a reason, the totals
 * following; the audit log; a manual conversion; the conversions CSV.
 */
test('reports match the database; a rejection and a manual conversion move the totals; audit log and CSV', async ({
  page,
  request,
  brand,
}, testInfo) => {
  test.setTimeout(180_000);
  const sql = e2eDatabase();
  try {
    const token = await postbackToken(page);

    // An offer paying 10 % of the sale; two members with a link each.
    const offerName = `Serum ${Date.now().toString(36)}`;
    const offerUrl = await createOffer(page, { name: offerName });
    for (const name of ['Maya Lopez', 'Noor Haddad']) {
      await addMember(page, { name, email: uniqueEmail(name.split(' ')[0].toLowerCase()) });
    }
    const [maya, noor] = await generateLinks(page, offerUrl, ['Maya Lopez', 'Noor Haddad']);

    let ip = 20;
    const click = (link: string) =>
      shopperClick(request, link, { userAgent: LAPTOP_USER_AGENT, ip: `198.51.100.${ip++}` });
    const sale = (clickId: string, amount: string, orderId: string) =>
      postback(request, { token, clickId, amount, orderId });
    const mayaClicks = [await click(maya), await click(maya), await click(maya)];
    const noorClicks = [await click(noor), await click(noor)];
    await sale(mayaClicks[0], '80.00', 'ORDER-A');
    await sale(mayaClicks[1], '40.00', 'ORDER-B');
    await sale(noorClicks[0], '20.00', 'ORDER-C');

    /** Reloads the reports page until its figures are the database's (the rollups fold every 2 s). */
    const expectReportsToMatchRows = async (query: string, memberName?: string) => {
      const rows = await figuresFromRows(sql, brand.brandName, memberName);
      await expect
        .poll(
          async () => {
            await page.goto(`/brand/reports?${query}`);
            return pageFigures(page);
          },
          { timeout: 60_000 },
        )
        .toEqual({
          clicks: rows.clicks,
          conversions: rows.conversions,
          sales: money(rows.sales),
          commission: money(rows.commission),
          days: rows.days,
        });
      return rows;
    };

    const all = await expectReportsToMatchRows('period=7d');
    expect(all).toMatchObject({ clicks: 5, conversions: 3, sales: 14_000, commission: 1_400 });

    // Filter to Maya with the member dropdown: the figures are hers alone.
    await page.getByLabel('Member', { exact: true }).selectOption({ label: 'Maya Lopez' });
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(page.getByText('Member: Maya Lopez')).toBeVisible();
    await expect(figure(page, 'Clicks')).toHaveText('3');
    const mayaRows = await figuresFromRows(sql, brand.brandName, 'Maya Lopez');
    expect(mayaRows).toMatchObject({ clicks: 3, conversions: 2, sales: 12_000 });
    expect(await pageFigures(page)).toEqual({
      clicks: mayaRows.clicks,
      conversions: mayaRows.conversions,
      sales: money(mayaRows.sales),
      commission: money(mayaRows.commission),
      days: mayaRows.days,
    });

    // The conversions list, filtered to Maya by the member dropdown: her two orders.
    await page.goto('/brand/conversions');
    await chooseOption(page, 'Member', 'Maya Lopez');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const table = page.getByRole('table', { name: 'Conversions' });
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await expect(table).toContainText('ORDER-A');
    await expect(table).not.toContainText('ORDER-C');

    // Reject ORDER-A as fraud, with a note.
    await page.getByRole('checkbox', { name: 'Select conversion ORDER-A' }).check();
    await page.getByLabel('Rejection reason', { exact: true }).selectOption({ label: 'Fraud' });
    await page.getByLabel('Note').fill('Card reported stolen');
    await page.getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByText('1 conversion rejected.')).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'ORDER-A' })).toContainText(
      'Rejected (Fraud)',
    );

    // The totals follow: two conversions, $60.00 of sales.
    const afterReject = await expectReportsToMatchRows('period=7d');
    expect(afterReject).toMatchObject({ conversions: 2, sales: 6_000, commission: 600 });

    // The audit log shows who rejected it, from and to, the reason and the note.
    await page.goto('/brand/conversions');
    await page.getByRole('link', { name: 'Audit log' }).click();
    const entry = page
      .getByRole('table', { name: 'Conversion status changes' })
      .getByRole('row')
      .filter({ hasText: 'ORDER-A' });
    await expect(entry).toContainText(`${brand.name} (${brand.email})`);
    await expect(entry.getByRole('cell').nth(3)).toHaveText('Pending');
    await expect(entry.getByRole('cell').nth(4)).toHaveText('Rejected');
    await expect(entry.getByRole('cell').nth(5)).toHaveText('Fraud');
    await expect(entry.getByRole('cell').nth(6)).toHaveText('Card reported stolen');

    // A manual conversion for an order the tracking missed, credited to Noor's link.
    await page.goto('/brand/conversions');
    await page.getByRole('link', { name: 'Add conversion' }).click();
    // Choosing the member loads their links (a choice made before the page has hydrated is
    // reset by it: choose again until the links show).
    await expect(async () => {
      await chooseOption(page, 'Member', 'Noor Haddad');
      await page.getByRole('button', { name: 'Show the member’s links' }).click();
      await expect(page.getByLabel('Link', { exact: true })).toBeVisible({ timeout: 2_000 });
    }).toPass();
    await expect(page.getByLabel('Link', { exact: true })).toContainText(offerName);
    await page.getByLabel('Order id').fill('ORDER-C');
    await page.getByLabel('Sale amount').fill('50.00');
    await page.getByLabel('Note').fill('Ordered by phone');
    await page.screenshot({ path: testInfo.outputPath('add-conversion.png'), fullPage: true });
    await page.getByRole('button', { name: 'Add conversion' }).click();
    // ORDER-C came by postback already: refused, nothing stored.
    await expect(
      page.getByText('The order ORDER-C was already reported for this offer; nothing was added.'),
    ).toBeVisible();
    await page.getByLabel('Order id').fill('PHONE-1');
    await page.getByRole('button', { name: 'Add conversion' }).click();
    await expect(page.getByText('Conversion added: pending, commission $5.00.')).toBeVisible();
    await expect(page.getByText('Added by hand as Pending')).toBeVisible();
    const afterManual = await expectReportsToMatchRows('period=7d');
    expect(afterManual).toMatchObject({ conversions: 3, sales: 11_000, commission: 1_100 });

    // The conversions CSV: every conversion of the brand, as in the database.
    await page.goto('/brand/conversions');
    await page.screenshot({ path: testInfo.outputPath('conversions.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\r\n');
    const header = lines[0].split(',');
    expect(header).toEqual([
      'conversion_id',
      'created_at',
      'offer',
      'member',
      'order_id',
      'event',
      'source',
      'status',
      'reject_reason',
      'refusal_reason',
      'amount',
      'commission',
      'currency',
      'click_id',
    ]);
    const csv = lines.slice(1).map((line) => {
      const cells = line.split(',');
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    });
    const dbRows = await sql<
      {
        id: string;
        created_at: Date;
        order_id: string;
        source: string;
        status: string;
        reject_reason: string | null;
        amount_minor: string;
        commission_minor: string;
        member: string;
        click_id: string | null;
      }[]
    >`
      select v.id, v.created_at, v.order_id, v.source, v.status, v.reject_reason,
             v.amount_minor::text, v.commission_minor::text, m.name as member,
             v.click_id::text
        from conversions v join brands b on b.id = v.brand_id join members m on m.id = v.member_id
       where b.name = ${brand.brandName}
       order by v.created_at desc, v.id desc`;
    expect(dbRows).toHaveLength(4);
    expect(csv).toEqual(
      dbRows.map((r) => ({
        conversion_id: r.id,
        created_at: new Date(r.created_at).toISOString(),
        offer: offerName,
        member: r.member,
        order_id: r.order_id,
        event: '',
        source: r.source,
        status: r.status,
        reject_reason: r.reject_reason ?? '',
        refusal_reason: '',
        amount: (Number(r.amount_minor) / 100).toFixed(2),
        commission: (Number(r.commission_minor) / 100).toFixed(2),
        currency: 'USD',
        click_id: r.click_id ?? '',
      })),
    );
    expect(
      csv.map((c) => [c.order_id, c.status, c.reject_reason, c.amount, c.source]).sort(),
    ).toEqual([
      ['ORDER-A', 'rejected', 'fraud', '80.00', 'postback'],
      ['ORDER-B', 'pending', '', '40.00', 'postback'],
      ['ORDER-C', 'pending', '', '20.00', 'postback'],
      ['PHONE-1', 'pending', '', '50.00', 'manual'],
    ]);
    expect(csv.find((c) => c.order_id === 'ORDER-A')!.click_id).toBe(mayaClicks[0]);
    expect(csv.find((c) => c.order_id === 'PHONE-1')!.click_id).toBe('');
  } finally {
    await sql.end();
  }
});
