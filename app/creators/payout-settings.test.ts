import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createMember } from '../../seed/factories';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import { action, loader } from '../routes/creator+/$brandId.settings';

const settingsOf = async (memberId: string) =>
  (
    await db.execute<{ payout_email: string | null; notify_paid: boolean }>(
      sql`select payout_email, notify_paid from members where id = ${memberId}`,
    )
  )[0];

describe('creator payout settings', () => {
  test('a creator saves their own payout email and email choice; bad input changes nothing', async () => {
    const { brand } = await createBrandWithUser();
    const ann = await createMember(brand.id, { name: 'Ann', email: 'ann@example.com' });
    const bob = await createMember(brand.id, { name: 'Bob', email: 'bob@example.com' });
    const cookie = await sessionCookieFor({ memberId: ann.id });
    const path = `/creator/${brand.id}/settings`;
    const params = { brandId: brand.id };
    const post = (form: Record<string, string>) =>
      callRoute(action as never, makeRequest(path, { cookie, form }), params);

    const saved = await post({ payoutEmail: ' Ann.PayPal@Example.com ', notifyPaid: 'on' });
    expect(saved.body).toEqual({ ok: true });
    expect(await settingsOf(ann.id)).toEqual({
      payout_email: 'ann.paypal@example.com',
      notify_paid: true,
    });
    expect(await settingsOf(bob.id)).toEqual({ payout_email: null, notify_paid: true });

    const bad = await post({ payoutEmail: 'not an email' });
    expect(bad.status).toBe(400);
    expect((bad.body as { typed: string }).typed).toBe('not an email');
    expect((bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors.payoutEmail).toEqual(
      ['Enter the email address of your PayPal account, like name@example.com.'],
    );
    expect((await post({ payoutEmail: `${'a'.repeat(250)}@example.com` })).status).toBe(400);
    expect((await settingsOf(ann.id)).payout_email).toBe('ann.paypal@example.com');

    // Unchecked box: no more "you were paid" emails; an empty email removes it.
    await post({ payoutEmail: '' });
    expect(await settingsOf(ann.id)).toEqual({ payout_email: null, notify_paid: false });
    const page = await callRoute(loader as never, makeRequest(path, { cookie }), params);
    expect((page.body as { settings: unknown }).settings).toEqual({
      payoutEmail: null,
      notifyPaid: false,
    });
    // Without a creator session: to the sign-in page; another brand's id: 404; nothing changes.
    const anonymous = await callRoute(
      action as never,
      makeRequest(path, { form: { payoutEmail: 'x@example.com' } }),
      params,
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/creator/sign-in');
    const other = await createBrandWithUser();
    await createMember(other.brand.id, { email: 'someone@example.com' });
    const foreign = await callRoute(
      action as never,
      makeRequest(`/creator/${other.brand.id}/settings`, {
        cookie,
        form: { payoutEmail: 'x@example.com' },
      }),
      { brandId: other.brand.id },
    );
    expect(foreign.status).toBe(404);
    expect(await settingsOf(ann.id)).toEqual({ payout_email: null, notify_paid: false });
  });
});
