/**
 * Members over the API: create, get, update, upsert by email, bulk with per-item results, list
 * by cursor and by email, through the members module the portal uses.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createBrandWithUser, createProject } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import * as membersIndex from '../routes/api+/v1.members._index';
import * as memberRoute from '../routes/api+/v1.members.$memberId._index';
import * as upsertRoute from '../routes/api+/v1.members.upsert';
import * as bulkRoute from '../routes/api+/v1.members.bulk';

let brandId: string;
let secret: string;
let projectId: string;
let foreignProjectId: string;

beforeAll(async () => {
  brandId = (await createBrandWithUser({ brandName: 'Members API' })).brand.id;
  secret = (await apiKeyFor(brandId, ['members:write'])).secret;
  projectId = (await createProject(brandId, 'Spring')).id;
  const other = await createBrandWithUser();
  foreignProjectId = (await createProject(other.brand.id, 'Theirs')).id;
});

type Member = {
  id: string;
  name: string;
  email: string;
  instagram: string | null;
  project_ids: string[];
};

describe('members', () => {
  test('create, get and update with the portal’s rules', async () => {
    const created = await callApi(membersIndex, {
      method: 'POST',
      path: '/members',
      secret,
      body: {
        name: 'Maya Glows',
        email: 'Maya@Example.com',
        instagram: '@Maya.Glows',
        project_ids: [projectId],
      },
    });
    expect(created.status).toBe(201);
    const member = created.body as Member;
    expect(member).toMatchObject({
      email: 'maya@example.com',
      instagram: 'maya.glows',
      project_ids: [projectId],
    });

    const again = await callApi(membersIndex, {
      method: 'POST',
      path: '/members',
      secret,
      body: { name: 'Maya Twice', email: 'maya@example.com' },
    });
    expect(again.status).toBe(400);
    expect((again.body as { errors: { field: string }[] }).errors[0].field).toBe('email');

    const got = await callApi(memberRoute, {
      path: `/members/${member.id}`,
      params: { memberId: member.id },
      secret,
    });
    expect(got.body).toEqual(member);

    const updated = await callApi(memberRoute, {
      method: 'PATCH',
      path: `/members/${member.id}`,
      params: { memberId: member.id },
      secret,
      body: { tiktok: 'maya.tt' },
    });
    expect(updated.body).toMatchObject({
      name: 'Maya Glows',
      tiktok: 'maya.tt',
      project_ids: [projectId],
    });

    const foreign = await callApi(memberRoute, {
      method: 'PATCH',
      path: `/members/${member.id}`,
      params: { memberId: member.id },
      secret,
      body: { project_ids: [foreignProjectId] },
    });
    expect(foreign.status).toBe(400);
    expect((foreign.body as { errors: { field: string }[] }).errors[0].field).toBe('project_ids');
  });

  test('upsert by email: 201 then 200, one member', async () => {
    const first = await callApi(upsertRoute, {
      method: 'POST',
      path: '/members/upsert',
      secret,
      body: { name: 'Sam Shine', email: 'sam@example.com' },
    });
    expect(first.status).toBe(201);
    const second = await callApi(upsertRoute, {
      method: 'POST',
      path: '/members/upsert',
      secret,
      body: { name: 'Sam Shine-Bright', email: 'SAM@example.com' },
    });
    expect(second.status).toBe(200);
    expect((second.body as Member).id).toBe((first.body as Member).id);
    expect((second.body as Member).name).toBe('Sam Shine-Bright');
    const listed = await callApi(membersIndex, { path: '/members?email=sam@example.com', secret });
    expect((listed.body as { data: Member[] }).data).toHaveLength(1);
  });

  test('bulk: a result per item, good items kept, at most 100', async () => {
    const answer = await callApi(bulkRoute, {
      method: 'POST',
      path: '/members/bulk',
      secret,
      body: {
        members: [
          { name: 'Ada', email: 'ada@example.com' },
          { name: '', email: 'not-an-email' },
          { name: 'Sam Again', email: 'sam@example.com' },
        ],
      },
    });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      created: number;
      updated: number;
      failed: number;
      results: { index: number; result: string; errors?: { field: string }[] }[];
    };
    expect(body).toMatchObject({ created: 1, updated: 1, failed: 1 });
    expect(body.results[1].errors!.map((e) => e.field)).toEqual(['name', 'email']);

    const tooMany = await callApi(bulkRoute, {
      method: 'POST',
      path: '/members/bulk',
      secret,
      body: {
        members: Array.from({ length: 101 }, (_, i) => ({
          name: `M${i}`,
          email: `m${i}@example.com`,
        })),
      },
    });
    expect(tooMany.status).toBe(400);
    expect((tooMany.body as { errors: { field: string }[] }).errors[0].field).toBe('members');
  });

  test('the list pages newest first and filters by project', async () => {
    const page = await callApi(membersIndex, { path: '/members?limit=1', secret });
    const body = page.body as { data: Member[]; has_more: boolean; next_starting_after: string };
    expect(body.data[0].name).toBe('Ada');
    expect(body.has_more).toBe(true);
    const inProject = await callApi(membersIndex, {
      path: `/members?project_id=${projectId}`,
      secret,
    });
    expect((inProject.body as { data: Member[] }).data.map((m) => m.name)).toEqual(['Maya Glows']);
  });
});
