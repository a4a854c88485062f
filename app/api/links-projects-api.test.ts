/**
 * Links and projects over the API: a member's main link made once, deep links under the offer's
 * rules (SPEC §3), bulk with a result per item, the list with figures; projects created, renamed,
 * listed. Through the links and projects modules the portal uses.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { createBrandWithUser, createMember, createOffer } from '../../seed/factories';
import { apiKeyFor, callApi } from '../../test/api';
import * as linksIndex from '../routes/api+/v1.links._index';
import * as linkRoute from '../routes/api+/v1.links.$linkId._index';
import * as linksBulk from '../routes/api+/v1.links.bulk';
import * as projectsIndex from '../routes/api+/v1.projects._index';
import * as projectRoute from '../routes/api+/v1.projects.$projectId._index';

let brandId: string;
let secret: string;
let offerId: string;
let memberId: string;
let otherMemberId: string;

beforeAll(async () => {
  brandId = (await createBrandWithUser({ brandName: 'Links API' })).brand.id;
  secret = (await apiKeyFor(brandId, ['links:write', 'members:write'])).secret;
  offerId = (
    await createOffer(brandId, {
      name: 'Serums',
      offerUrl: 'https://shop.example.com/',
      additionalDomains: ['blog.example.org'],
    })
  ).offer.id;
  memberId = (await createMember(brandId, { name: 'Maya' })).id;
  otherMemberId = (await createMember(brandId, { name: 'Sam' })).id;
});

type Link = {
  id: string;
  url: string;
  code: string;
  deep_link: string | null;
  figures: { clicks: number; conversions: number };
};

describe('links', () => {
  test('a main link is made once; a deep link follows the offer’s domains', async () => {
    const body = { offer_id: offerId, member_id: memberId };
    const first = await callApi(linksIndex, { method: 'POST', path: '/links', secret, body });
    expect(first.status).toBe(201);
    const link = first.body as Link;
    expect(link.url).toMatch(new RegExp(`/l/${link.code}$`));
    expect(link.figures).toMatchObject({ clicks: 0, conversions: 0 });
    const again = await callApi(linksIndex, { method: 'POST', path: '/links', secret, body });
    expect(again.status).toBe(200);
    expect((again.body as Link).id).toBe(link.id);

    const deep = await callApi(linksIndex, {
      method: 'POST',
      path: '/links',
      secret,
      body: { ...body, deep_link: 'https://www.shop.example.com/products/serum' },
    });
    expect(deep.status).toBe(201);
    expect((deep.body as Link).deep_link).toBe('https://www.shop.example.com/products/serum');

    for (const bad of [
      'https://evil.example.net/',
      'https://shop.example.com@evil.com/',
      'javascript:alert(1)',
    ]) {
      const refused = await callApi(linksIndex, {
        method: 'POST',
        path: '/links',
        secret,
        body: { ...body, deep_link: bad },
      });
      expect(refused.status).toBe(400);
      expect((refused.body as { errors: { field: string }[] }).errors[0].field).toBe('deep_link');
    }

    const got = await callApi(linkRoute, {
      path: `/links/${link.id}`,
      params: { linkId: link.id },
      secret,
    });
    expect((got.body as Link).id).toBe(link.id);
  });

  test('another brand’s offer or member is a 404', async () => {
    const other = await createBrandWithUser();
    const theirOffer = (await createOffer(other.brand.id)).offer.id;
    const answer = await callApi(linksIndex, {
      method: 'POST',
      path: '/links',
      secret,
      body: { offer_id: theirOffer, member_id: memberId },
    });
    expect(answer.status).toBe(404);
  });

  test('bulk: a result per item; the list pages with figures', async () => {
    const answer = await callApi(linksBulk, {
      method: 'POST',
      path: '/links/bulk',
      secret,
      body: {
        links: [
          { offer_id: offerId, member_id: otherMemberId },
          { offer_id: offerId, member_id: memberId },
          { offer_id: offerId, member_id: otherMemberId, deep_link: 'https://evil.example.net/' },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 1, existing: 1, failed: 1 });

    const page = await callApi(linksIndex, { path: `/links?offer_id=${offerId}&limit=2`, secret });
    const body = page.body as { data: Link[]; has_more: boolean; next_starting_after: string };
    expect(body.data).toHaveLength(2);
    expect(body.has_more).toBe(true);
    const rest = await callApi(linksIndex, {
      path: `/links?offer_id=${offerId}&limit=2&starting_after=${body.next_starting_after}`,
      secret,
    });
    expect((rest.body as { data: Link[] }).data).toHaveLength(1);
  });
});

describe('projects', () => {
  test('create, rename, get and list', async () => {
    const created = await callApi(projectsIndex, {
      method: 'POST',
      path: '/projects',
      secret,
      body: { name: 'Spring' },
    });
    expect(created.status).toBe(201);
    const project = created.body as { id: string; name: string; member_count: number };
    expect(project).toMatchObject({ name: 'Spring', member_count: 0 });
    const taken = await callApi(projectsIndex, {
      method: 'POST',
      path: '/projects',
      secret,
      body: { name: 'spring' },
    });
    expect(taken.status).toBe(400);
    const renamed = await callApi(projectRoute, {
      method: 'PATCH',
      path: `/projects/${project.id}`,
      params: { projectId: project.id },
      secret,
      body: { name: 'Spring cohort' },
    });
    expect(renamed.body).toMatchObject({ name: 'Spring cohort' });
    const listed = await callApi(projectsIndex, { path: '/projects', secret });
    expect((listed.body as { data: { id: string }[] }).data.map((p) => p.id)).toEqual([project.id]);
  });
});
