import { e2eDatabase } from './database';
import { addMember, createOffer, generateLinks } from './brand-flows';
import { expect, test, uniqueEmail } from './fixtures';

/**
 * "Every conversion matching the filter" over 500: queued as a job that the server's worker
 * runs, its progress on the page until done, with the refused (illegal) transitions counted.
 * The 620 conversions are inserted into the database directly (the tracking endpoints are
 * covered by conversions.spec.ts; 620 postbacks would only make this slow).
 */
test('approving every matching conversion over 500 runs as a job; the page shows its progress and the refusals', async ({
  page,
  brand,
}, testInfo) => {
  test.setTimeout(120_000);
  const sql = e2eDatabase();
  try {
    const offerUrl = await createOffer(page, { name: `Bulk ${Date.now().toString(36)}` });
    await addMember(page, { name: 'Ada Bulk', email: uniqueEmail('ada') });
    await generateLinks(page, offerUrl, ['Ada Bulk']);

    await sql`
      insert into conversions (brand_id, offer_id, link_id, member_id, payout_option_id, order_id,
                               amount_minor, currency, commission_minor, status, reject_reason,
                               source, created_at)
      select l.brand_id, l.offer_id, l.id, l.member_id, l.payout_option_id, 'BULK-' || i,
             1000, 'USD', 100,
             (case when i <= 20 then 'rejected' else 'pending' end)::conversion_status,
             (case when i <= 20 then 'fraud' end)::reject_reason, 'postback',
             now() - (i || ' seconds')::interval
        from links l join brands b on b.id = l.brand_id, generate_series(1, 620) i
       where b.name = ${brand.brandName}`;

    await page.goto('/brand/conversions');
    const status = page.getByRole('region', { name: 'Bulk change' }).getByRole('status');
    // A choice made before the page has hydrated is reset by it (and "Approve" then asks to
    // select conversions, changing nothing): choose again until the job is queued.
    await expect(async () => {
      await page.getByLabel('Apply to', { exact: true }).selectOption('filter');
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect(status).toBeVisible({ timeout: 2_000 });
    }).toPass();
    await expect(status).toHaveText(
      'Bulk change done: 620 of 620 processed; 600 conversions approved, 0 already had that status, 20 refused (illegal transitions).',
      { timeout: 60_000 },
    );
    await expect(
      page.getByText('First refusal: Only a pending commission can be approved'),
    ).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('bulk-done.png'), fullPage: false });

    const rows = await sql<{ status: string; n: number }[]>`
      select c.status, count(*)::int as n from conversions c join brands b on b.id = c.brand_id
       where b.name = ${brand.brandName} group by c.status order by c.status`;
    expect(rows.map((r) => [r.status, r.n])).toEqual([
      ['approved', 600],
      ['rejected', 20],
    ]);
  } finally {
    await sql.end();
  }
});
