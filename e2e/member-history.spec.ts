/**
 * A member with a long history: the member page counts conversions up to 10,000 and says
 * "10,000+" past it (counting all of a busy member's cost 130 ms at 30M clicks), and the Reports
 * page's "Conversions by source", filtered to a member, shows only that member's conversions
 * (read from the per-member conversions rollup, decision 063).
 */
import { addMember, createOffer, generateLinks } from './brand-flows';
import { e2eDatabase } from './database';
import { expect, test, uniqueEmail } from './fixtures';

test('the member page says 10,000+ conversions past the count it reads; Reports by source follows a member filter', async ({
  page,
  brand,
}) => {
  expect(brand.email).toBeTruthy();
  const offerUrl = await createOffer(page, { name: 'Glow Serum' });
  const busy = { name: 'Busy Bee', email: uniqueEmail('busy') };
  const quiet = { name: 'Quiet Quill', email: uniqueEmail('quiet') };
  await addMember(page, busy);
  await addMember(page, quiet);
  await generateLinks(page, offerUrl, [busy.name, quiet.name]);

  // 10,001 postback sales for one member and two manual ones for the other, written as rows (the
  // tracking path has its own tests; this is about what the pages read).
  const sql = e2eDatabase();
  try {
    const insert = (email: string, n: number, source: string) => sql`
      insert into conversions (brand_id, offer_id, link_id, member_id, order_id, amount_minor,
                               currency, commission_minor, status, source)
      select l.brand_id, l.offer_id, l.id, l.member_id, 'order-' || ${source} || '-' || i,
             5000, 'USD', 500, 'pending', ${source}::conversion_source
        from links l join members m on m.id = l.member_id, generate_series(1, ${n}) i
       where m.email = ${email.toLowerCase()}`;
    await insert(busy.email, 10_001, 'postback');
    await insert(quiet.email, 2, 'manual');
  } finally {
    await sql.end();
  }

  // A member with history is archived, not deleted; the dialog says what they have.
  for (const [member, history] of [
    [busy, '1 tracking link, 10,000+ conversions'],
    [quiet, '1 tracking link, 2 conversions'],
  ] as const) {
    await page.goto('/brand/members');
    await page.getByRole('link', { name: member.name }).click();
    await page.getByRole('button', { name: 'Archive member' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`They have ${history}, so they are archived`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  }

  // Reports for the quiet member only: the fold (every 2 s) brings the rollup up to date.
  const bySource = page.getByRole('table', { name: 'Conversions by source' });
  await expect(async () => {
    await page.goto('/brand/reports');
    await page.getByLabel('Member', { exact: true }).selectOption({ label: quiet.name });
    await page.getByRole('button', { name: 'Show figures' }).click();
    await expect(bySource.getByRole('row').filter({ hasText: 'Manual' })).toContainText('$10.00', {
      timeout: 1000,
    });
  }).toPass({ timeout: 45_000 });
  await expect(bySource.getByRole('row').filter({ hasText: 'Postback' })).toHaveCount(0);

  // All members: both sources, the busy member's 10,001 sales among them.
  await page.getByLabel('Member', { exact: true }).selectOption({ label: 'All members' });
  await page.getByRole('button', { name: 'Show figures' }).click();
  await expect(bySource.getByRole('row').filter({ hasText: 'Postback' })).toContainText('10,001');
});
