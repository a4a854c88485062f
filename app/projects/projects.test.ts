import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createMember, createProject } from '../../seed/factories';
import { members, projectMembers, projects } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as projectPage from '../routes/brand+/projects.$projectId';
import * as projectsPage from '../routes/brand+/projects._index';

const call = (fn: unknown, request: Request, params: Record<string, string> = {}) =>
  callRoute(fn as never, request, params);

async function signedInBrand() {
  const { brand, user } = await createBrandWithUser();
  return { brand, cookie: await sessionCookieFor({ userId: user.id }) };
}

const memberIdsOf = async (projectId: string) =>
  (
    await db
      .select({ id: projectMembers.memberId })
      .from(projectMembers)
      .where(eq(projectMembers.projectId, projectId))
  )
    .map((r) => r.id)
    .sort();

const post = (path: string, cookie: string, form: Record<string, string | string[]>) =>
  makeRequest(path, { cookie, form });

describe('projects list', () => {
  test('lists projects by name with member counts', async () => {
    const { brand, cookie } = await signedInBrand();
    const b = await createProject(brand.id, 'beta');
    const a = await createProject(brand.id, 'Alpha');
    await createProject(brand.id, 'Empty');
    await createMember(brand.id, { projectIds: [a.id, b.id] });
    await createMember(brand.id, { projectIds: [a.id] });
    const result = await call(projectsPage.loader, makeRequest('/brand/projects', { cookie }));
    const list = (result.body as { projects: { name: string; memberCount: number }[] }).projects;
    expect(list.map((p) => [p.name, p.memberCount])).toEqual([
      ['Alpha', 2],
      ['beta', 1],
      ['Empty', 0],
    ]);
  });

  test('creates a project; names are unique per brand ignoring case, 1–120 characters', async () => {
    const { brand, cookie } = await signedInBrand();
    const created = await call(
      projectsPage.action,
      post('/brand/projects', cookie, { name: '  Spring Launch ' }),
    );
    expect(created.status).toBe(200);
    expect((created.body as { created: { name: string } }).created.name).toBe('Spring Launch');

    const duplicate = await call(
      projectsPage.action,
      post('/brand/projects', cookie, { name: 'SPRING launch' }),
    );
    expect(duplicate.status).toBe(400);
    expect(JSON.stringify(duplicate.body)).toContain('already exists');

    for (const name of ['', '   ', 'x'.repeat(121)]) {
      const bad = await call(projectsPage.action, post('/brand/projects', cookie, { name }));
      expect(bad.status).toBe(400);
      expect((bad.body as { fieldErrors: Record<string, string[]> }).fieldErrors.name).toHaveLength(
        1,
      );
    }
    expect(await db.select().from(projects).where(eq(projects.brandId, brand.id))).toHaveLength(1);

    // Another brand may use the same name.
    const other = await signedInBrand();
    const elsewhere = await call(
      projectsPage.action,
      post('/brand/projects', other.cookie, { name: 'Spring Launch' }),
    );
    expect(elsewhere.status).toBe(200);
  });
});

describe('project page', () => {
  test('renames, refusing another project’s name', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id, 'Old');
    await createProject(brand.id, 'Taken');
    const params = { projectId: project.id };
    const path = `/brand/projects/${project.id}`;
    const renamed = await call(
      projectPage.action,
      post(path, cookie, { intent: 'rename', name: 'New name' }),
      params,
    );
    expect(renamed.status).toBe(200);
    const clash = await call(
      projectPage.action,
      post(path, cookie, { intent: 'rename', name: 'taken' }),
      params,
    );
    expect(clash.status).toBe(400);
    expect(JSON.stringify(clash.body)).toContain('A project named “taken” already exists');
    const [row] = await db.select().from(projects).where(eq(projects.id, project.id));
    expect(row.name).toBe('New name');
    // Changing only the case of its own name is allowed.
    const recase = await call(
      projectPage.action,
      post(path, cookie, { intent: 'rename', name: 'NEW NAME' }),
      params,
    );
    expect(recase.status).toBe(200);
  });

  test('finds members to add, assigns and unassigns them', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id, 'Launch');
    const ana = await createMember(brand.id, { name: 'Ana Souza', email: 'ana@example.com' });
    const anton = await createMember(brand.id, { name: 'Anton', email: 'anton@example.com' });
    // No generated Instagram handle: it holds a base-36 timestamp, which may contain "an".
    await createMember(brand.id, { name: 'Zed', email: 'zed@example.com', instagram: null });
    const params = { projectId: project.id };
    const path = `/brand/projects/${project.id}`;

    const found = await call(projectPage.loader, makeRequest(`${path}?q=an`, { cookie }), params);
    const candidates = (found.body as { candidates: { name: string }[] }).candidates;
    expect(candidates.map((c) => c.name)).toEqual(['Ana Souza', 'Anton']);

    const added = await call(
      projectPage.action,
      post(path, cookie, { intent: 'assign', memberIds: [ana.id, anton.id] }),
      params,
    );
    expect((added.body as { message: string }).message).toBe('Added 2 members.');
    expect(await memberIdsOf(project.id)).toEqual([ana.id, anton.id].sort());

    // Members already in the project are no longer offered, and adding twice is harmless.
    const again = await call(projectPage.loader, makeRequest(`${path}?q=an`, { cookie }), params);
    expect((again.body as { candidates: unknown[] }).candidates).toEqual([]);
    const twice = await call(
      projectPage.action,
      post(path, cookie, { intent: 'assign', memberIds: ana.id }),
      params,
    );
    expect((twice.body as { message: string }).message).toBe('Added 0 members.');

    const none = await call(projectPage.action, post(path, cookie, { intent: 'assign' }), params);
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('Select at least one member');

    await call(
      projectPage.action,
      post(path, cookie, { intent: 'unassign', memberId: ana.id }),
      params,
    );
    expect(await memberIdsOf(project.id)).toEqual([anton.id]);
    const page = await call(projectPage.loader, makeRequest(path, { cookie }), params);
    expect(page.body).toMatchObject({ memberCount: 1, members: [{ name: 'Anton' }] });
  });

  test('deleting a project keeps its members', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id);
    const member = await createMember(brand.id, { projectIds: [project.id] });
    const result = await call(
      projectPage.action,
      post(`/brand/projects/${project.id}`, cookie, { intent: 'delete' }),
      { projectId: project.id },
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toBe('/brand/projects');
    expect(await db.select().from(projects).where(eq(projects.id, project.id))).toHaveLength(0);
    expect(await db.select().from(members).where(eq(members.id, member.id))).toHaveLength(1);
    expect(await memberIdsOf(project.id)).toEqual([]);
  });

  test('an unknown intent is a 400 that changes nothing', async () => {
    const { brand, cookie } = await signedInBrand();
    const project = await createProject(brand.id, 'Keep');
    const result = await call(
      projectPage.action,
      post(`/brand/projects/${project.id}`, cookie, { intent: 'explode' }),
      { projectId: project.id },
    );
    expect(result.status).toBe(400);
    expect(await db.select().from(projects).where(eq(projects.id, project.id))).toHaveLength(1);
  });
});

describe('tenant isolation', () => {
  test('another brand’s project: page and every action are 404 and change nothing', async () => {
    const mine = await signedInBrand();
    const theirs = await signedInBrand();
    const theirProject = await createProject(theirs.brand.id, 'Their project');
    const theirMember = await createMember(theirs.brand.id, { projectIds: [theirProject.id] });
    const myMember = await createMember(mine.brand.id);
    const params = { projectId: theirProject.id };
    const path = `/brand/projects/${theirProject.id}`;
    const results = [
      await call(projectPage.loader, makeRequest(path, { cookie: mine.cookie }), params),
      await call(projectPage.loader, makeRequest(`${path}?q=a`, { cookie: mine.cookie }), params),
      ...(await Promise.all(
        (
          [
            { intent: 'rename', name: 'Hijacked' },
            { intent: 'delete' },
            { intent: 'assign', memberIds: myMember.id },
            { intent: 'unassign', memberId: theirMember.id },
          ] as Record<string, string>[]
        ).map((form) => call(projectPage.action, post(path, mine.cookie, form), params)),
      )),
    ];
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    const [row] = await db.select().from(projects).where(eq(projects.id, theirProject.id));
    expect(row.name).toBe('Their project');
    expect(await memberIdsOf(theirProject.id)).toEqual([theirMember.id]);
  });

  test('adding another brand’s member to my project is 404 and adds no one', async () => {
    const mine = await signedInBrand();
    const theirs = await signedInBrand();
    const myProject = await createProject(mine.brand.id);
    const myMember = await createMember(mine.brand.id);
    const theirMember = await createMember(theirs.brand.id);
    const path = `/brand/projects/${myProject.id}`;
    const params = { projectId: myProject.id };
    const assign = await call(
      projectPage.action,
      post(path, mine.cookie, { intent: 'assign', memberIds: [myMember.id, theirMember.id] }),
      params,
    );
    expect(assign.status).toBe(404);
    expect(await memberIdsOf(myProject.id)).toEqual([]);
    const unassign = await call(
      projectPage.action,
      post(path, mine.cookie, { intent: 'unassign', memberId: theirMember.id }),
      params,
    );
    expect(unassign.status).toBe(404);
    // Their member is never offered as a candidate.
    const page = await call(
      projectPage.loader,
      makeRequest(`${path}?q=${encodeURIComponent(theirMember.email)}`, { cookie: mine.cookie }),
      params,
    );
    expect((page.body as { candidates: unknown[] }).candidates).toEqual([]);
  });

  test('a malformed project id is 404', async () => {
    const mine = await signedInBrand();
    const r = await call(
      projectPage.loader,
      makeRequest('/brand/projects/xyz', { cookie: mine.cookie }),
      { projectId: 'xyz' },
    );
    expect(r.status).toBe(404);
  });
});
