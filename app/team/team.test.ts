/**
 * Invitations and the Team page through their routes: the email goes through the queue once,
 * only the token's hash is stored, accepting creates the account (or adds the brand), and every
 * expired, reused, revoked or tampered link gets a clear page and no session. Role changes,
 * removal (their sessions in that brand end at once), ownership transfer with the password.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { brandInvitations, brandMemberships, emailOutbox, sessions } from '../../db/schema';
import { addTeammate, createBrandWithUser } from '../../seed/factories';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as invitationRoute from '../routes/_auth+/invitations.$token';
import * as teamRoute from '../routes/brand+/team';
import * as offersRoute from '../routes/brand+/offers._index';
import { hashToken } from '../tokens.server';
import { runJobs } from '../../test/jobs';

async function owner() {
  const account = await createBrandWithUser({ brandName: 'Team Brand' });
  return { ...account, cookie: await sessionCookieFor({ userId: account.user.id }) };
}

const team = (cookie: string, form: Record<string, string>) =>
  callRoute(teamRoute.action, makeRequest('/brand/team', { cookie, form }));

/** The invitation emails sent to an address, newest first, with the link's token. */
async function invitationEmails(to: string) {
  const rows = await db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toAddress, to), eq(emailOutbox.kind, 'team_invitation')))
    .orderBy(sql`created_at desc`);
  return rows.map((row) => ({
    ...row,
    token: /\/invitations\/([a-z0-9]+)/.exec(row.text)?.[1] ?? '',
  }));
}

const open = (token: string, cookie?: string) =>
  callRoute(invitationRoute.loader, makeRequest(`/invitations/${token}`, { cookie }), { token });
const accept = (token: string, form: Record<string, string> = {}, cookie?: string) =>
  callRoute(
    invitationRoute.action,
    makeRequest(`/invitations/${token}`, { form, cookie, method: 'POST' }),
    { token },
  );

describe('invitations', () => {
  test('an admin invites; one email through the queue; the link creates the account, once', async () => {
    const o = await owner();
    const email = `vera-${Date.now()}@example.com`;
    const invited = await team(o.cookie, { intent: 'invite', email, role: 'viewer' });
    expect(invited.status).toBe(200);
    await runJobs();
    await runJobs();
    const emails = await invitationEmails(email);
    expect(emails).toHaveLength(1);
    const [sent] = emails;
    expect(sent.subject).toContain('Team Brand');
    expect(sent.text).toContain('expires in 7 days');
    expect(sent.token.length).toBeGreaterThan(20);
    // Only the hash of the link's token is stored.
    const [row] = await db.select().from(brandInvitations).where(eq(brandInvitations.email, email));
    expect(row.tokenHash).toBe(hashToken(sent.token));
    expect(JSON.stringify(row)).not.toContain(sent.token);

    const page = await open(sent.token);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'create', invitation: { role: 'Viewer' } });

    const weak = await accept(sent.token, { name: 'Vera', password: 'short' });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain('Use at least 10 characters.');

    const joined = await accept(sent.token, {
      name: 'Vera Viewer',
      password: 'vera-long-password',
    });
    expect(joined.status).toBe(302);
    expect(joined.headers.get('location')).toBe('/brand');
    const cookie = joined.headers.get('set-cookie')!.split(';')[0];
    const offers = await callRoute(offersRoute.loader, makeRequest('/brand/offers', { cookie }));
    expect(offers.status).toBe(200);
    const [membership] = await db
      .select()
      .from(brandMemberships)
      .where(eq(brandMemberships.brandId, o.brand.id))
      .orderBy(brandMemberships.createdAt);
    expect(membership).toBeDefined();
    const roles = await db
      .select({ role: brandMemberships.role })
      .from(brandMemberships)
      .where(eq(brandMemberships.brandId, o.brand.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['owner', 'viewer']);

    // Used once: the same link again is a clear page and no session.
    const again = await accept(sent.token, { name: 'Mallory', password: 'mallory-password-1' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ reason: 'used' });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await open(sent.token)).body).toMatchObject({ state: 'invalid', reason: 'used' });
  });

  test('tampered, expired, revoked and replaced links: a clear page each, and no session', async () => {
    const o = await owner();
    const email = `tom-${Date.now()}@example.com`;
    await team(o.cookie, { intent: 'invite', email, role: 'manager' });
    await runJobs();
    const [first] = await invitationEmails(email);

    const tampered = `${first.token.slice(0, -2)}${first.token.endsWith('a') ? 'bb' : 'aa'}`;
    for (const token of [tampered, 'not-a-token', 'x'.repeat(200)]) {
      expect((await open(token)).body).toMatchObject({ state: 'invalid', reason: 'unknown' });
      const used = await accept(token, { name: 'Tom', password: 'tom-long-password' });
      expect(used.status).toBe(400);
      expect(used.headers.get('set-cookie')).toBeNull();
    }

    // Re-sent: a new link; the first stops working.
    const [invitation] = await db
      .select()
      .from(brandInvitations)
      .where(eq(brandInvitations.email, email));
    const resent = await team(o.cookie, { intent: 'resend', invitationId: invitation.id });
    expect(resent.status).toBe(200);
    await runJobs();
    const emails = await invitationEmails(email);
    expect(emails).toHaveLength(2);
    expect(emails[0].token).not.toBe(first.token);
    expect((await open(first.token)).body).toMatchObject({ reason: 'unknown' });
    expect((await open(emails[0].token)).body).toMatchObject({ state: 'create' });

    // Expired: a clear page, no session, no account.
    await db
      .update(brandInvitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(brandInvitations.id, invitation.id));
    expect((await open(emails[0].token)).body).toMatchObject({ reason: 'expired' });
    const late = await accept(emails[0].token, { name: 'Tom', password: 'tom-long-password' });
    expect(late.body).toMatchObject({ reason: 'expired' });
    expect(late.headers.get('set-cookie')).toBeNull();

    // Revoked: the link stops working at once.
    await db
      .update(brandInvitations)
      .set({ expiresAt: new Date(Date.now() + 60_000) })
      .where(eq(brandInvitations.id, invitation.id));
    const revoked = await team(o.cookie, { intent: 'revoke', invitationId: invitation.id });
    expect(revoked.status).toBe(200);
    expect((await open(emails[0].token)).body).toMatchObject({ reason: 'revoked' });
    const refused = await accept(emails[0].token, { name: 'Tom', password: 'tom-long-password' });
    expect(refused.headers.get('set-cookie')).toBeNull();
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from users where email = ${email}`,
    );
    expect(n).toBe(0);
  });

  test('a person with an account signs in and the brand is added to it', async () => {
    const o = await owner();
    const other = await createBrandWithUser({ brandName: 'Agency Home' });
    await team(o.cookie, { intent: 'invite', email: other.user.email, role: 'manager' });
    await runJobs();
    const [sent] = await invitationEmails(other.user.email);
    expect((await open(sent.token)).body).toMatchObject({ state: 'sign_in' });
    const stranger = await sessionCookieFor({ userId: (await createBrandWithUser()).user.id });
    expect((await open(sent.token, stranger)).body).toMatchObject({ state: 'other_person' });
    expect((await accept(sent.token, {}, stranger)).body).toMatchObject({
      reason: 'wrong_person',
    });
    const cookie = await sessionCookieFor({ userId: other.user.id });
    const joined = await accept(sent.token, {}, cookie);
    expect(joined.status).toBe(302);
    const roles = await db
      .select({ brandId: brandMemberships.brandId, role: brandMemberships.role })
      .from(brandMemberships)
      .where(eq(brandMemberships.userId, other.user.id));
    expect(roles).toHaveLength(2);
    expect(roles.find((r) => r.brandId === o.brand.id)?.role).toBe('manager');
  });

  test('inviting a member, a bad address or an owner role is refused and changes nothing', async () => {
    const o = await owner();
    const mate = await addTeammate(o.brand.id, { role: 'manager' });
    const member = await team(o.cookie, {
      intent: 'invite',
      email: mate.user.email,
      role: 'viewer',
    });
    expect(member.status).toBe(400);
    expect(JSON.stringify(member.body)).toContain('already a member');
    const bad = await team(o.cookie, { intent: 'invite', email: 'nope', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { fieldErrors: object }).fieldErrors).sort()).toEqual([
      'email',
      'role',
    ]);
    const [{ n }] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from brand_invitations where brand_id = ${o.brand.id}`,
    );
    expect(n).toBe(0);
  });
});

describe('the team', () => {
  test('removing a teammate ends their sessions in that brand at once, not elsewhere', async () => {
    const o = await owner();
    const elsewhere = await createBrandWithUser({ brandName: 'Elsewhere' });
    const mate = await addTeammate(o.brand.id, { role: 'viewer', name: 'Rex Removed' });
    await addTeammate(elsewhere.brand.id, { role: 'viewer', userId: mate.user.id });
    const { createSession, SESSION_COOKIE } = await import('../auth/session.server');
    const here = await createSession({ userId: mate.user.id }, { brandId: o.brand.id });
    const there = await createSession({ userId: mate.user.id }, { brandId: elsewhere.brand.id });
    const hereCookie = `${SESSION_COOKIE}=${here.token}`;
    expect(
      (await callRoute(offersRoute.loader, makeRequest('/brand/offers', { cookie: hereCookie })))
        .status,
    ).toBe(200);

    const removed = await team(o.cookie, { intent: 'remove', userId: mate.user.id });
    expect(removed.status).toBe(200);
    expect(JSON.stringify(removed.body)).toContain('Rex Removed is no longer on the team');
    const next = await callRoute(
      offersRoute.loader,
      makeRequest('/brand/offers', { cookie: hereCookie }),
    );
    expect(next.status).toBe(302);
    expect(next.headers.get('location')).toMatch(/^\/sign-in/);
    const left = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(eq(sessions.userId, mate.user.id));
    expect(left.map((s) => s.id)).toEqual([there.session.id]);
  });

  test('the owner cannot be removed or re-roled; roles change; ownership moves with the password', async () => {
    const o = await owner();
    const admin = await addTeammate(o.brand.id, { role: 'admin', name: 'Ada Admin' });
    const adminCookie = await sessionCookieFor({ userId: admin.user.id });
    for (const form of <Record<string, string>[]>[
      { intent: 'remove', userId: o.user.id },
      { intent: 'change-role', userId: o.user.id, role: 'viewer' },
    ]) {
      const refused = await team(adminCookie, form);
      expect(refused.status).toBe(400);
    }
    const transferByAdmin = await team(adminCookie, {
      intent: 'transfer',
      toUserId: admin.user.id,
      password: admin.password,
    });
    expect(transferByAdmin.status).toBe(403);
    expect(transferByAdmin.body).toBe('Only the owner can transfer the ownership of the brand.');

    const demoted = await team(o.cookie, {
      intent: 'change-role',
      userId: admin.user.id,
      role: 'manager',
    });
    expect(demoted.status).toBe(200);
    const managerTries = await team(adminCookie, {
      intent: 'invite',
      email: 'x@example.com',
      role: 'viewer',
    });
    expect(managerTries.status).toBe(403);
    expect(managerTries.body).toBe('Only an admin or the owner can manage the team.');

    const wrong = await team(o.cookie, {
      intent: 'transfer',
      toUserId: admin.user.id,
      password: 'not my password',
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('That is not your password.');
    const moved = await team(o.cookie, {
      intent: 'transfer',
      toUserId: admin.user.id,
      password: o.password,
    });
    expect(moved.status).toBe(200);
    const roles = Object.fromEntries(
      (
        await db
          .select({ userId: brandMemberships.userId, role: brandMemberships.role })
          .from(brandMemberships)
          .where(eq(brandMemberships.brandId, o.brand.id))
      ).map((r) => [r.userId, r.role]),
    );
    expect(roles).toEqual({ [o.user.id]: 'admin', [admin.user.id]: 'owner' });
  });

  test('the Team page lists members with role and last sign-in, and open invitations', async () => {
    const o = await owner();
    await addTeammate(o.brand.id, { role: 'viewer', name: 'Vic Viewer' });
    await team(o.cookie, { intent: 'invite', email: 'pending@example.com', role: 'manager' });
    const viewerPage = await callRoute(
      teamRoute.loader,
      makeRequest('/brand/team', { cookie: o.cookie }),
    );
    const body = viewerPage.body as Awaited<ReturnType<typeof teamRoute.loader>>;
    expect(body.members.map((m) => [m.name, m.role])).toEqual([
      ['Test User', 'owner'],
      ['Vic Viewer', 'viewer'],
    ]);
    expect(body.invitations.map((i) => [i.email, i.role])).toEqual([
      ['pending@example.com', 'manager'],
    ]);
    expect(body.canManage).toBe(true);
  });
});
