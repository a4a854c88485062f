import { and, asc, count, desc, eq, inArray, isNull, notExists, sql, type SQL } from 'drizzle-orm';
import { CONVERSION_COUNT_CAP } from './member-history';
import { db, type Tx } from '../../db/client';
import { members, projectMembers, projects } from '../../db/schema';
import { invariantResponse } from '../http.server';
import { requireProject } from '../projects/projects.server';
import { memberMatches } from './search.server';
import { MEMBERS_PAGE_SIZE, type MemberInput, type MemberListQuery } from './schemas';
import { isUniqueViolation } from '../../db/unique-violation';
import { isUuid } from '../ids';
import { memberLinksChanged } from '../links/link-events.server';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';

export type MemberResult<T> =
  { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string[]> };

const duplicateEmail = (email: string) => ({
  ok: false as const,
  fieldErrors: {
    email: [`${email} is already a member of your brand. Search for them in the members list.`],
  },
});

/**
 * One page of the brand's members, by name, with their projects. `q` matches name, email,
 * Instagram and TikTok (case-insensitive, anywhere in the value); `project` is a project id, or
 * `none` for members in no project. A project id of another brand is a 404.
 */
export async function listMembers(brandId: string, query: MemberListQuery) {
  // Archived members (SPEC §4) leave the lists; their page stays reachable.
  const filters: (SQL | undefined)[] = [eq(members.brandId, brandId), isNull(members.archivedAt)];
  if (query.q) {
    filters.push(memberMatches(query.q));
  }
  let project: { id: string; name: string } | null = null;
  if (query.project === 'none') {
    filters.push(
      notExists(
        db
          .select({ one: sql`1` })
          .from(projectMembers)
          .where(eq(projectMembers.memberId, members.id)),
      ),
    );
  } else if (query.project) {
    project = await requireProject(brandId, query.project);
    filters.push(
      inArray(
        members.id,
        db
          .select({ id: projectMembers.memberId })
          .from(projectMembers)
          .where(
            and(eq(projectMembers.projectId, project.id), eq(projectMembers.brandId, brandId)),
          ),
      ),
    );
  }
  const where = and(...filters);
  const [{ total }] = await db.select({ total: count() }).from(members).where(where);
  const pageCount = Math.max(1, Math.ceil(Number(total) / MEMBERS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await db
    .select({
      id: members.id,
      name: members.name,
      email: members.email,
      instagram: members.instagram,
      tiktok: members.tiktok,
    })
    .from(members)
    .where(where)
    .orderBy(asc(members.name), asc(members.email))
    .limit(MEMBERS_PAGE_SIZE)
    .offset((page - 1) * MEMBERS_PAGE_SIZE);
  const projectsByMember = await projectsOf(
    brandId,
    rows.map((r) => r.id),
  );
  return {
    members: rows.map((row) => ({ ...row, projects: projectsByMember.get(row.id) ?? [] })),
    total: Number(total),
    page,
    pageCount,
    project,
  };
}

async function projectsOf(brandId: string, memberIds: string[]) {
  const byMember = new Map<string, { id: string; name: string }[]>();
  if (memberIds.length === 0) return byMember;
  const rows = await db
    .select({ memberId: projectMembers.memberId, id: projects.id, name: projects.name })
    .from(projectMembers)
    .innerJoin(projects, eq(projects.id, projectMembers.projectId))
    .where(and(eq(projectMembers.brandId, brandId), inArray(projectMembers.memberId, memberIds)))
    .orderBy(asc(sql`lower(${projects.name})`));
  for (const { memberId, ...project } of rows) {
    const list = byMember.get(memberId) ?? [];
    list.push(project);
    byMember.set(memberId, list);
  }
  return byMember;
}

/** The member with their projects and link count, or a 404 (missing, or another brand's). */
export async function requireMember(brandId: string, memberId: string) {
  invariantResponse(isUuid(memberId), 'Member not found');
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)))
    .limit(1);
  invariantResponse(member, 'Member not found');
  const history = await historyOf(db, brandId, member.id);
  const memberProjects = (await projectsOf(brandId, [member.id])).get(member.id) ?? [];
  return { ...member, projects: memberProjects, ...history };
}

/** What a member has that must outlive them: links, conversions (up to the cap), statements. */
async function historyOf(tx: Tx, brandId: string, memberId: string) {
  const [row] = await tx.execute<{ links: string; conversions: string; statements: string }>(sql`
    select
      (select count(*) from links where member_id = ${memberId} and brand_id = ${brandId}) as links,
      -- Read from the member index alone (the brand checked once, on the member's row): with
      -- brand_id beside it, every entry needed its heap row, and the planner chose a scan of the
      -- brand's conversions for the busiest member (32 ms against 2 ms at 30M clicks).
      (select count(*) from (select 1 from conversions
                               where member_id = ${memberId}
                                 and exists (select 1 from members
                                              where id = ${memberId} and brand_id = ${brandId})
                               order by member_id, created_at desc
                               limit ${CONVERSION_COUNT_CAP + 1}) x) as conversions,
      (select count(*) from statements where member_id = ${memberId} and brand_id = ${brandId})
        as statements`);
  return {
    linkCount: Number(row.links),
    conversionCount: Number(row.conversions),
    statementCount: Number(row.statements),
  };
}

/** Every id must be one of the brand's projects, or the request is a 404 and changes nothing. */
async function requireProjectIds(tx: Tx, brandId: string, projectIds: string[]) {
  if (projectIds.length === 0) return;
  const owned = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.brandId, brandId), inArray(projects.id, projectIds)));
  invariantResponse(owned.length === projectIds.length, 'Project not found');
}

export async function createMember(
  brandId: string,
  input: MemberInput,
): Promise<MemberResult<{ id: string }>> {
  return db.transaction(async (tx) => {
    await requireProjectIds(tx, brandId, input.projectIds);
    const [member] = await tx
      .insert(members)
      .values({
        brandId,
        name: input.name,
        email: input.email,
        instagram: input.instagram,
        tiktok: input.tiktok,
      })
      .onConflictDoNothing()
      .returning({ id: members.id });
    if (!member) return duplicateEmail(input.email);
    if (input.projectIds.length) {
      await tx
        .insert(projectMembers)
        .values(input.projectIds.map((projectId) => ({ projectId, memberId: member.id, brandId })));
    }
    return { ok: true, value: member };
  });
}

/** Saves the member's fields and sets their projects to exactly `input.projectIds`. */
export async function updateMember(
  brandId: string,
  memberId: string,
  input: MemberInput,
): Promise<MemberResult<null>> {
  invariantResponse(isUuid(memberId), 'Member not found');
  try {
    return await db.transaction(async (tx) => {
      const [member] = await tx
        .update(members)
        .set({
          name: input.name,
          email: input.email,
          instagram: input.instagram,
          tiktok: input.tiktok,
        })
        .where(and(eq(members.id, memberId), eq(members.brandId, brandId)))
        .returning({ id: members.id });
      invariantResponse(member, 'Member not found');
      await requireProjectIds(tx, brandId, input.projectIds);
      // Name, usernames and the first project's name are baked into the member's cached links.
      await memberLinksChanged(tx, [memberId]);
      await tx
        .delete(projectMembers)
        .where(
          and(
            eq(projectMembers.memberId, memberId),
            eq(projectMembers.brandId, brandId),
            input.projectIds.length
              ? sql`not (${inArray(projectMembers.projectId, input.projectIds)})`
              : undefined,
          ),
        );
      if (input.projectIds.length) {
        await tx
          .insert(projectMembers)
          .values(input.projectIds.map((projectId) => ({ projectId, memberId, brandId })))
          .onConflictDoNothing();
      }
      return { ok: true as const, value: null };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'members_brand_email_key')) return duplicateEmail(input.email);
    throw error;
  }
}

/**
 * Removes the member (SPEC §4): a member with links, conversions or statements is archived —
 * hidden from lists and Add Members, their links keep redirecting and tracking, their history
 * stays — and only a member with none of these is deleted. The database refuses deleting one
 * with history too (its foreign keys do not cascade).
 */
export async function removeMember(
  brandId: string,
  memberId: string,
): Promise<{ id: string; name: string; archived: boolean }> {
  invariantResponse(isUuid(memberId), 'Member not found');
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: members.id, name: members.name, archivedAt: members.archivedAt })
      .from(members)
      .where(and(eq(members.id, memberId), eq(members.brandId, brandId)))
      .for('update');
    invariantResponse(member, 'Member not found');
    const history = await historyOf(tx, brandId, member.id);
    if (history.linkCount + history.conversionCount + history.statementCount > 0) {
      if (!member.archivedAt) {
        await tx.update(members).set({ archivedAt: new Date() }).where(eq(members.id, member.id));
        // Their links keep redirecting; every process re-reads them all the same (decision 020:
        // every writer of a member fires the change, so no cache holds a state the row lacks).
        await memberLinksChanged(tx, [member.id]);
      }
      return { id: member.id, name: member.name, archived: true };
    }
    await tx.delete(members).where(eq(members.id, member.id));
    await memberLinksChanged(tx, [member.id]);
    return { id: member.id, name: member.name, archived: false };
  });
}

/** Brings an archived member back into the lists and Add Members. */
export async function restoreMember(brandId: string, memberId: string) {
  invariantResponse(isUuid(memberId), 'Member not found');
  await db.transaction(async (tx) => {
    const [member] = await tx
      .update(members)
      .set({ archivedAt: null })
      .where(and(eq(members.id, memberId), eq(members.brandId, brandId)))
      .returning({ id: members.id });
    invariantResponse(member, 'Member not found');
    await memberLinksChanged(tx, [member.id]);
  });
}

/** The brand's member (archived too) with their project ids, or null. */
export async function findMember(brandId: string, memberId: string) {
  if (!isUuid(memberId)) return null;
  const [member] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)));
  if (!member) return null;
  return {
    member,
    projectIds: (await memberProjectIds(brandId, [member.id])).get(member.id) ?? [],
  };
}

/** The id of the brand's member with this email (stored lower-cased), or null. */
export async function findMemberIdByEmail(brandId: string, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.brandId, brandId), eq(members.email, email.trim().toLowerCase())));
  return row?.id ?? null;
}

/** Project ids per member (the API's `project_ids`). */
export async function memberProjectIds(brandId: string, memberIds: string[]) {
  const byMember = new Map<string, string[]>();
  for (const [memberId, list] of await projectsOf(brandId, memberIds)) {
    byMember.set(
      memberId,
      list.map((p) => p.id),
    );
  }
  return byMember;
}

/**
 * A page of the brand's members, newest first, after `position` (the API's cursor); archived
 * ones only when asked; optionally one email or one project's members.
 */
export async function listMembersPage(
  brandId: string,
  options: {
    after: KeysetPosition | null;
    limit: number;
    archived?: boolean;
    email?: string;
    projectId?: string;
  },
) {
  const rows = await db
    .select({ member: members, at: exactTimeSql(members.createdAt) })
    .from(members)
    .where(
      and(
        eq(members.brandId, brandId),
        options.archived ? undefined : isNull(members.archivedAt),
        options.email ? eq(members.email, options.email.trim().toLowerCase()) : undefined,
        options.projectId
          ? inArray(
              members.id,
              db
                .select({ id: projectMembers.memberId })
                .from(projectMembers)
                .where(
                  and(
                    eq(projectMembers.projectId, options.projectId),
                    eq(projectMembers.brandId, brandId),
                  ),
                ),
            )
          : undefined,
        ...(options.after ? olderThanSql(members.createdAt, members.id, options.after) : []),
      ),
    )
    .orderBy(desc(members.createdAt), desc(members.id))
    .limit(options.limit + 1);
  const projectIds = await memberProjectIds(
    brandId,
    rows.map((r) => r.member.id),
  );
  return rows.map((r) => ({
    member: r.member,
    projectIds: projectIds.get(r.member.id) ?? [],
    position: { at: r.at, id: r.member.id },
  }));
}
