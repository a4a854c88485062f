import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from '../../seed/factories';
import { startTrackingProcess, type TrackingProcess } from '../../test/tracking-processes';
import { removeMember, restoreMember, updateMember } from '../members/members.server';
import {
  assignMembers,
  deleteProject,
  renameProject,
  unassignMember,
} from '../projects/projects.server';
import { linkCache } from '../tracking/link-cache.server';

/**
 * Every writer of an input to a cached destination fires a link change in its transaction, and
 * every process's link cache hears it (SPEC §10: within a second, across processes).
 */
const UTM = {
  utmSource: '{creator_name}',
  utmMedium: '{creator_ig_username}',
  utmContent: '{creator_tiktok_username}',
  utmCampaign: '{project_name}',
};

async function setup() {
  const { brand } = await createBrandWithUser();
  const project = await createProject(brand.id, 'Spring');
  const member = await createMember(brand.id, {
    name: 'Ada Lovelace',
    instagram: 'ada_ig',
    tiktok: 'ada_tt',
    projectIds: [project.id],
  });
  const { offer, payouts } = await createOffer(brand.id, UTM);
  const link = await createLink({
    brandId: brand.id,
    offerId: offer.id,
    memberId: member.id,
    payoutOptionId: payouts[0].id,
  });
  return { brand, project, member, offer, link };
}

/** The cached destination's UTM values, as the next redirect would send them. */
async function cachedUtm(code: string) {
  const link = await linkCache().resolve(code);
  if (!link) return null;
  const url = new URL(link.locationHead + 'ID' + link.locationTail);
  return {
    source: url.searchParams.get('utm_source'),
    medium: url.searchParams.get('utm_medium'),
    content: url.searchParams.get('utm_content'),
    campaign: url.searchParams.get('utm_campaign'),
  };
}

/** Runs a change and waits until the process's link cache applied the notification it sent. */
async function changed(work: () => Promise<unknown>) {
  const cache = linkCache();
  const heard = once(cache.events, 'invalidated');
  await work();
  const [change] = await heard;
  return change as unknown;
}

const input = (
  member: { name: string; email: string; instagram: string | null; tiktok: string | null },
  projectIds: string[],
) => ({
  name: member.name,
  email: member.email,
  instagram: member.instagram,
  tiktok: member.tiktok,
  projectIds,
});

describe('link changes from every writer reach the link cache', () => {
  beforeAll(() => linkCache().ready());

  test('editing a member: name, Instagram and TikTok usernames', async () => {
    const { brand, project, member, link } = await setup();
    expect(await cachedUtm(link.code)).toEqual({
      source: 'Ada Lovelace',
      medium: 'ada_ig',
      content: 'ada_tt',
      campaign: 'Spring',
    });
    const change = await changed(() =>
      updateMember(brand.id, member.id, {
        ...input(member, [project.id]),
        name: 'Ada King',
        instagram: 'countess',
        tiktok: 'analytical',
      }),
    );
    expect(change).toEqual({ memberIds: [member.id] });
    expect(await cachedUtm(link.code)).toMatchObject({
      source: 'Ada King',
      medium: 'countess',
      content: 'analytical',
    });
  });

  test('a member leaving a project in the edit form drops the project name', async () => {
    const { brand, member, link } = await setup();
    await cachedUtm(link.code);
    await changed(() => updateMember(brand.id, member.id, input(member, [])));
    expect((await cachedUtm(link.code))?.campaign).toBeNull();
  });

  test('removing a member with links archives them: their links keep redirecting', async () => {
    const { brand, member, link } = await setup();
    expect(await cachedUtm(link.code)).not.toBeNull();
    let removed: unknown;
    const change = await changed(async () => (removed = await removeMember(brand.id, member.id)));
    expect(removed).toMatchObject({ archived: true });
    expect(change).toEqual({ memberIds: [member.id] });
    expect((await linkCache().resolve(link.code))?.linkId).toBe(link.id);
    expect((await cachedUtm(link.code))?.source).toBe('Ada Lovelace');
  });

  test('restoring an archived member', async () => {
    const { brand, member, link } = await setup();
    await removeMember(brand.id, member.id);
    await cachedUtm(link.code);
    const change = await changed(() => restoreMember(brand.id, member.id));
    expect(change).toEqual({ memberIds: [member.id] });
  });

  test('renaming a project', async () => {
    const { brand, project, member, link } = await setup();
    await cachedUtm(link.code);
    const change = await changed(() => renameProject(brand.id, project.id, 'Summer'));
    expect(change).toEqual({ memberIds: [member.id] });
    expect((await cachedUtm(link.code))?.campaign).toBe('Summer');
  });

  test('assigning to and unassigning from a project', async () => {
    const { brand, member, link } = await setup();
    // "Autumn" sorts before "Spring": it becomes the member's first project.
    const autumn = await createProject(brand.id, 'Autumn');
    await cachedUtm(link.code);
    await changed(() => assignMembers(brand.id, autumn.id, [member.id]));
    expect((await cachedUtm(link.code))?.campaign).toBe('Autumn');
    await changed(() => unassignMember(brand.id, autumn.id, member.id));
    expect((await cachedUtm(link.code))?.campaign).toBe('Spring');
  });

  test('deleting a project', async () => {
    const { brand, project, member, link } = await setup();
    await cachedUtm(link.code);
    const change = await changed(() => deleteProject(brand.id, project.id));
    expect(change).toEqual({ memberIds: [member.id] });
    expect((await cachedUtm(link.code))?.campaign).toBeNull();
  });

  test('a refused edit (another brand’s member) notifies nobody and changes nothing', async () => {
    const { member, link } = await setup();
    const other = await createBrandWithUser();
    await cachedUtm(link.code);
    let heard = 0;
    const count = () => (heard += 1);
    linkCache().events.on('invalidated', count);
    try {
      await expect(
        updateMember(other.brand.id, member.id, { ...input(member, []), name: 'Mallory' }),
      ).rejects.toMatchObject({ status: 404 });
      // A committed change afterwards proves the channel delivers; only that one arrives.
      const marker = await setup();
      await changed(() => renameProject(marker.brand.id, marker.project.id, 'Marker'));
    } finally {
      linkCache().events.off('invalidated', count);
    }
    expect(heard).toBe(1);
    expect((await cachedUtm(link.code))?.source).toBe('Ada Lovelace');
  });
});

describe('across processes', () => {
  let procs: TrackingProcess[] = [];
  beforeAll(async () => {
    procs.push(await startTrackingProcess());
    procs.push(await startTrackingProcess());
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    procs = [];
  });

  const utmSourceAt = async (proc: TrackingProcess, code: string) => {
    const response = await fetch(`${proc.url}/l/${code}`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
    });
    return new URL(response.headers.get('location')!).searchParams.get('utm_source');
  };

  test('a member rename is in the next redirects of both processes within a second', async () => {
    const { brand, project, member, link } = await setup();
    // Both processes have the link cached with the old name.
    for (const proc of procs) {
      expect(await utmSourceAt(proc, link.code)).toBe('Ada Lovelace');
      expect(await utmSourceAt(proc, link.code)).toBe('Ada Lovelace');
    }
    const renamedAt = Date.now();
    await updateMember(brand.id, member.id, { ...input(member, [project.id]), name: 'Ada King' });
    const seenAfter: number[] = [];
    for (const proc of procs) {
      await expect
        .poll(() => utmSourceAt(proc, link.code), { interval: 10, timeout: 1_000 })
        .toBe('Ada King');
      seenAfter.push(Date.now() - renamedAt);
    }
    console.log('rename visible in the redirects of both processes after (ms):', seenAfter);
  });

  test('an archived member’s link keeps redirecting in both processes', async () => {
    const { brand, member, link } = await setup();
    for (const proc of procs) expect(await utmSourceAt(proc, link.code)).toBe('Ada Lovelace');
    expect(await removeMember(brand.id, member.id)).toMatchObject({ archived: true });
    for (const proc of procs) {
      const res = await fetch(`${proc.url}/l/${link.code}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(await utmSourceAt(proc, link.code)).toBe('Ada Lovelace');
    }
  });
});
