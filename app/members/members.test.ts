import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { listAddableMembers } from '../links/generate-links.server';
import { linkCache } from '../tracking/link-cache.server';
import { members, projectMembers } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as memberPage from '../routes/brand+/members.$memberId._index';
import * as editPage from '../routes/brand+/members.$memberId.edit';
import * as listPage from '../routes/brand+/members._index';
import * as newPage from '../routes/brand+/members.new';

const call = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  callRoute(fn as never, request, params);

async function signedInBrand() {
  const { brand, user } = await createBrandWithUser();
  return { brand, cookie: await sessionCookieFor({ userId: user.id }) };
}

type ListBody = Awaited<ReturnType<typeof listPage.loader>>;
const list = async (cookie: string, query = '') =>
  (await call(listPage.loader, makeRequest(`/brand/members${query}`, { cookie }))) as {
    status: number;
    body: ListBody;
  };

const projectIdsOf = async (memberId: string) =>
  (
    await db
      .select({ id: projectMembers.projectId })
      .from(projectMembers)
      .where(eq(projectMembers.memberId, memberId))
  )
    .map((r) => r.id)
    .sort();

describe('creating members', () => {
  test('creates a member with normalised fields and projects, then shows their page', async () => {
    const { brand, cookie } = await signedInBrand();
    const spring = await createProject(brand.id, 'Spring');
    const vip = await createProject(brand.id, 'VIP');
    const result = await call(
      newPage.action,
      makeRequest('/brand/members/new', {
        cookie,
        form: {
          name: ' Maya <b>Lopez</b> ',
          email: 'Maya@Example.com',
          instagram: '@Maya.Glows',
          tiktok: '@mayaglows',
          projectIds: [spring.id, vip.id],
        },
      }),
    );
    expect(result.status).toBe(302);
    const memberId = result.headers.get('location')!.split('/').pop()!;
    const [row] = await db.select().from(members).where(eq(members.id, memberId));
    expect(row).toMatchObject({
      brandId: brand.id,
      name: 'Maya <b>Lopez</b>',
      email: 'maya@example.com',
      instagram: 'maya.glows',
      tiktok: 'mayaglows',
    });
    expect(await projectIdsOf(memberId)).toEqual([spring.id, vip.id].sort());

    const page = await call(
      memberPage.loader,
      makeRequest(`/brand/members/${memberId}`, { cookie }),
      { memberId },
    );
    expect(page.status).toBe(200);
    const member = (page.body as { member: { projects: { name: string }[]; linkCount: number } })
      .member;
    expect(member.projects.map((p) => p.name)).toEqual(['Spring', 'VIP']);
    expect(member.linkCount).toBe(0);
  });

  test('a duplicate email (any case) gets a clear message and creates nothing', async () => {
    const { brand, cookie } = await signedInBrand();
    await createMember(brand.id, { email: 'taken@example.com' });
    const result = await call(
      newPage.action,
      makeRequest('/brand/members/new', {
        cookie,
        form: { name: 'Other', email: 'TAKEN@example.com' },
      }),
    );
    expect(result.status).toBe(400);
    const body = result.body as { fieldErrors: Record<string, string[]>; values: { name: string } };
    expect(body.fieldErrors.email[0]).toContain('taken@example.com is already a member');
    expect(body.values.name).toBe('Other');
    expect(await db.select().from(members).where(eq(members.brandId, brand.id))).toHaveLength(1);
  });

  test('the same email may be a member of two brands', async () => {
    const a = await signedInBrand();
    const b = await signedInBrand();
    await createMember(a.brand.id, { email: 'shared@example.com' });
    const result = await call(
      newPage.action,
      makeRequest('/brand/members/new', {
        cookie: b.cookie,
        form: { name: 'Shared', email: 'shared@example.com' },
      }),
    );
    expect(result.status).toBe(302);
  });

  test('invalid input gets an error per field and creates nothing', async () => {
    const { brand, cookie } = await signedInBrand();
    const result = await call(
      newPage.action,
      makeRequest('/brand/members/new', {
        cookie,
        form: { name: '', email: 'nope', instagram: 'has space', tiktok: 'x'.repeat(30) },
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.body as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(['email', 'instagram', 'name', 'tiktok']);
    expect(errors.name).toEqual(['Enter the member’s name.']);
    expect(await db.select().from(members).where(eq(members.brandId, brand.id))).toHaveLength(0);
  });

  test('anonymous requests are sent to sign-in', async () => {
    const result = await call(newPage.loader, makeRequest('/brand/members/new'));
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toContain('/sign-in?redirectTo=');
  });
});

describe('editing and removing members', () => {
  test('edit saves fields and replaces the project set', async () => {
    const { brand, cookie } = await signedInBrand();
    const a = await createProject(brand.id, 'A');
    const b = await createProject(brand.id, 'B');
    const c = await createProject(brand.id, 'C');
    const member = await createMember(brand.id, { projectIds: [a.id, b.id] });
    const params = { memberId: member.id };
    const loaded = await call(
      editPage.loader,
      makeRequest(`/brand/members/${member.id}/edit`, { cookie }),
      params,
    );
    expect((loaded.body as { projects: unknown[] }).projects).toHaveLength(3);
    const result = await call(
      editPage.action,
      makeRequest(`/brand/members/${member.id}/edit`, {
        cookie,
        form: {
          name: 'Renamed',
          email: 'new@example.com',
          instagram: '',
          tiktok: 'tt_user',
          projectIds: [b.id, c.id],
        },
      }),
      params,
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe(`/brand/members/${member.id}`);
    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row).toMatchObject({
      name: 'Renamed',
      email: 'new@example.com',
      instagram: null,
      tiktok: 'tt_user',
    });
    expect(await projectIdsOf(member.id)).toEqual([b.id, c.id].sort());

    // Unticking every project removes all memberships.
    await call(
      editPage.action,
      makeRequest(`/brand/members/${member.id}/edit`, {
        cookie,
        form: { name: 'Renamed', email: 'new@example.com' },
      }),
      params,
    );
    expect(await projectIdsOf(member.id)).toEqual([]);
  });

  test('changing the email to another member’s is refused with a clear message', async () => {
    const { brand, cookie } = await signedInBrand();
    await createMember(brand.id, { email: 'first@example.com' });
    const second = await createMember(brand.id, { email: 'second@example.com' });
    const result = await call(
      editPage.action,
      makeRequest(`/brand/members/${second.id}/edit`, {
        cookie,
        form: { name: 'Second', email: 'First@Example.com' },
      }),
      { memberId: second.id },
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain('first@example.com is already a member');
    const [row] = await db.select().from(members).where(eq(members.id, second.id));
    expect(row.email).toBe('second@example.com');
  });

  test('removing a member deletes them and their memberships, not the project', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id);
    const member = await createMember(brand.id, { projectIds: [project.id] });
    const result = await call(
      memberPage.action,
      makeRequest(`/brand/members/${member.id}`, { cookie, form: { intent: 'delete' } }),
      { memberId: member.id },
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe('/brand/members');
    expect(await db.select().from(members).where(eq(members.id, member.id))).toHaveLength(0);
    expect(await projectIdsOf(member.id)).toEqual([]);
    const gone = await call(
      memberPage.loader,
      makeRequest(`/brand/members/${member.id}`, { cookie }),
      { memberId: member.id },
    );
    expect(gone.status).toBe(404);
  });
});

describe('archiving members with history', () => {
  test('a member with a link is archived: hidden from lists and Add Members, the link still redirects; restore brings them back', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id);
    const member = await createMember(brand.id, { name: 'Zed Archive', projectIds: [project.id] });
    const { offer, payouts } = await createOffer(brand.id);
    const link = await createLink({
      brandId: brand.id,
      offerId: offer.id,
      memberId: member.id,
      payoutOptionId: payouts[0].id,
    });
    const page = await call(
      memberPage.loader,
      makeRequest(`/brand/members/${member.id}`, { cookie }),
      { memberId: member.id },
    );
    expect(page.body).toMatchObject({ member: { linkCount: 1, conversionCount: 0 } });
    const result = await call(
      memberPage.action,
      makeRequest(`/brand/members/${member.id}`, { cookie, form: { intent: 'delete' } }),
      { memberId: member.id },
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe(`/brand/members/${member.id}`);
    const [row] = await db.select().from(members).where(eq(members.id, member.id));
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(await projectIdsOf(member.id)).toEqual([project.id]);
    expect((await list(cookie)).body.members.map((m) => m.id)).not.toContain(member.id);
    expect((await listAddableMembers(brand.id, offer.id)).map((m) => m.id)).not.toContain(
      member.id,
    );
    const other = await createOffer(brand.id);
    expect((await listAddableMembers(brand.id, other.offer.id)).map((m) => m.id)).not.toContain(
      member.id,
    );
    const resolved = await linkCache().resolve(link.code);
    expect(resolved?.linkId).toBe(link.id);
    // The database refuses a delete that would take the link with it.
    await expect(db.delete(members).where(eq(members.id, member.id))).rejects.toThrow();
    const restore = await call(
      memberPage.action,
      makeRequest(`/brand/members/${member.id}`, { cookie, form: { intent: 'restore' } }),
      { memberId: member.id },
    );
    expect(restore.status).toBe(302);
    expect((await list(cookie)).body.members.map((m) => m.id)).toContain(member.id);
  });
});

describe('members list', () => {
  test('searches name, email, Instagram and TikTok; filters by project or none', async () => {
    const { brand, cookie } = await signedInBrand();
    const spring = await createProject(brand.id, 'Spring');
    const maya = await createMember(brand.id, {
      name: 'Maya Lopez',
      email: 'maya@example.com',
      instagram: 'glowup',
      tiktok: null,
      projectIds: [spring.id],
    });
    const theo = await createMember(brand.id, {
      name: 'Theo Park',
      email: 'theo@studio.io',
      instagram: null,
      tiktok: 'dancer_100%',
    });
    const names = async (query: string) =>
      (await list(cookie, query)).body.members.map((m) => m.name);
    expect(await names('')).toEqual(['Maya Lopez', 'Theo Park']);
    expect(await names('?q=lopez')).toEqual(['Maya Lopez']);
    expect(await names('?q=STUDIO')).toEqual(['Theo Park']);
    expect(await names('?q=glow')).toEqual(['Maya Lopez']);
    expect(await names('?q=dancer')).toEqual(['Theo Park']);
    // % and _ are literal, not wildcards.
    expect(await names('?q=100%25')).toEqual(['Theo Park']);
    expect(await names('?q=%25')).toEqual(['Theo Park']);
    expect(await names(`?project=${spring.id}`)).toEqual(['Maya Lopez']);
    expect(await names('?project=none')).toEqual(['Theo Park']);
    expect(await names(`?project=${spring.id}&q=theo`)).toEqual([]);
    const first = (await list(cookie)).body.members.find((m) => m.id === maya.id)!;
    expect(first.projects).toEqual([{ id: spring.id, name: 'Spring' }]);
    expect(theo.id).toBeDefined();
  });

  test('pages through thousands of members 50 at a time', async () => {
    const { brand, cookie } = await signedInBrand();
    await db.insert(members).values(
      Array.from({ length: 1234 }, (_, i) => ({
        brandId: brand.id,
        name: `Member ${String(i).padStart(4, '0')}`,
        email: `m${i}@example.com`,
      })),
    );
    const first = (await list(cookie)).body;
    expect(first).toMatchObject({ total: 1234, page: 1, pageCount: 25 });
    expect(first.members).toHaveLength(50);
    expect(first.members[0].name).toBe('Member 0000');
    const last = (await list(cookie, '?page=25')).body;
    expect(last.members).toHaveLength(34);
    expect(last.members.at(-1)!.name).toBe('Member 1233');
    // Past the end shows the last page.
    expect((await list(cookie, '?page=999')).body.page).toBe(25);
  });

  test('the empty list says so (total 0) and shows the imported banner count', async () => {
    const { cookie } = await signedInBrand();
    const { body } = await list(cookie, '?imported=12&skipped=3');
    expect(body.total).toBe(0);
    expect(body.imported).toBe(12);
    expect(body.skipped).toBe(3);
    expect((await list(cookie, '?imported=-1&skipped=x')).body).toMatchObject({
      imported: null,
      skipped: 0,
    });
  });
});

describe('tenant isolation', () => {
  async function twoBrands() {
    const mine = await signedInBrand();
    const theirs = await signedInBrand();
    const theirProject = await createProject(theirs.brand.id, 'Theirs');
    const theirMember = await createMember(theirs.brand.id, {
      name: 'Their member',
      email: 'their@example.com',
      projectIds: [theirProject.id],
    });
    const myProject = await createProject(mine.brand.id, 'Mine');
    const myMember = await createMember(mine.brand.id, { email: 'mine@example.com' });
    return { mine, theirs, theirProject, theirMember, myProject, myMember };
  }

  test('another brand’s member page, edit page and their actions are 404 and change nothing', async () => {
    const { mine, theirMember } = await twoBrands();
    const params = { memberId: theirMember.id };
    const cookie = mine.cookie;
    const responses = [
      await call(
        memberPage.loader,
        makeRequest(`/brand/members/${theirMember.id}`, { cookie }),
        params,
      ),
      await call(
        editPage.loader,
        makeRequest(`/brand/members/${theirMember.id}/edit`, { cookie }),
        params,
      ),
      await call(
        editPage.action,
        makeRequest(`/brand/members/${theirMember.id}/edit`, {
          cookie,
          form: { name: 'Hijacked', email: 'hijack@example.com' },
        }),
        params,
      ),
      await call(
        memberPage.action,
        makeRequest(`/brand/members/${theirMember.id}`, { cookie, form: { intent: 'delete' } }),
        params,
      ),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    const [row] = await db.select().from(members).where(eq(members.id, theirMember.id));
    expect(row).toMatchObject({ name: 'Their member', email: 'their@example.com' });
  });

  test('a non-existent or malformed member id is 404 too', async () => {
    const { mine } = await twoBrands();
    for (const memberId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const r = await call(
        memberPage.loader,
        makeRequest(`/brand/members/${memberId}`, { cookie: mine.cookie }),
        { memberId },
      );
      expect(r.status).toBe(404);
    }
  });

  test('filtering by another brand’s project is 404, and never lists their members', async () => {
    const { mine, theirProject } = await twoBrands();
    expect((await list(mine.cookie, `?project=${theirProject.id}`)).status).toBe(404);
    expect((await list(mine.cookie, '?project=garbage')).status).toBe(404);
    const all = (await list(mine.cookie, '?q=their')).body;
    expect(all.members).toEqual([]);
  });

  test('another brand’s project id in the member form is 404 and changes nothing', async () => {
    const { mine, theirProject, myMember, myProject } = await twoBrands();
    const created = await call(
      newPage.action,
      makeRequest('/brand/members/new', {
        cookie: mine.cookie,
        form: {
          name: 'New',
          email: 'new@example.com',
          projectIds: [myProject.id, theirProject.id],
        },
      }),
    );
    expect(created.status).toBe(404);
    expect(
      await db
        .select()
        .from(members)
        .where(and(eq(members.brandId, mine.brand.id), eq(members.email, 'new@example.com'))),
    ).toHaveLength(0);

    const edited = await call(
      editPage.action,
      makeRequest(`/brand/members/${myMember.id}/edit`, {
        cookie: mine.cookie,
        form: { name: 'Changed', email: 'mine@example.com', projectIds: [theirProject.id] },
      }),
      { memberId: myMember.id },
    );
    expect(edited.status).toBe(404);
    const [row] = await db.select().from(members).where(eq(members.id, myMember.id));
    expect(row.name).not.toBe('Changed');
    expect(await projectIdsOf(myMember.id)).toEqual([]);
  });
});

describe('member page action', () => {
  test('anything but intent=delete is refused and removes nobody', async () => {
    const { brand, cookie } = await signedInBrand();
    const member = await createMember(brand.id);
    const result = await call(
      memberPage.action,
      makeRequest(`/brand/members/${member.id}`, { cookie, form: { intent: 'rename' } }),
      { memberId: member.id },
    );
    expect(result.status).toBe(400);
    expect(await db.select().from(members).where(eq(members.id, member.id))).toHaveLength(1);
  });
});
