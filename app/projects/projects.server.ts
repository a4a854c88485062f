import { and, asc, count, desc, eq, inArray, isNull, notExists, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { members, projectMembers, projects } from '../../db/schema';
import { invariantResponse } from '../http.server';
import { PROJECT_MEMBERS_LIMIT } from './schemas';
import { isUniqueViolation } from '../../db/unique-violation';
import { isUuid } from '../ids';
import { memberMatches } from '../members/search.server';
import { memberLinksChanged } from '../links/link-events.server';
import { exactTimeSql, olderThanSql, type KeysetPosition } from '../paging/keyset.server';

/**
 * A project's name is `project_name` in its members' link destinations (their first project by
 * name): a change to it, or to who is in it, re-renders those members' cached links.
 */
async function projectMembersChanged(tx: Tx, projectId: string): Promise<void> {
  const rows = await tx
    .select({ memberId: projectMembers.memberId })
    .from(projectMembers)
    .where(eq(projectMembers.projectId, projectId));
  await memberLinksChanged(
    tx,
    rows.map((r) => r.memberId),
  );
}

export type ProjectResult<T> =
  { ok: true; value: T } | { ok: false; fieldErrors: Record<string, string[]> };

const duplicateName = (name: string) => ({
  ok: false as const,
  fieldErrors: { name: [`A project named “${name}” already exists. Choose another name.`] },
});

/** The brand's projects with how many members each has, by name. */
export async function listProjects(brandId: string) {
  const rows = await db
    .select({
      id: projects.id,
      name: projects.name,
      createdAt: projects.createdAt,
      memberCount: count(projectMembers.memberId),
    })
    .from(projects)
    .leftJoin(projectMembers, eq(projectMembers.projectId, projects.id))
    .where(eq(projects.brandId, brandId))
    .groupBy(projects.id)
    .orderBy(asc(sql`lower(${projects.name})`));
  return rows.map((row) => ({ ...row, memberCount: Number(row.memberCount) }));
}

/** Id and name of every project, for pickers and filters. */
export async function listProjectOptions(brandId: string) {
  return db
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(eq(projects.brandId, brandId))
    .orderBy(asc(sql`lower(${projects.name})`));
}

/** The project, or a 404 when it does not exist or belongs to another brand. */
export async function requireProject(brandId: string, projectId: string) {
  invariantResponse(isUuid(projectId), 'Project not found');
  const [project] = await db
    .select({ id: projects.id, name: projects.name, createdAt: projects.createdAt })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.brandId, brandId)))
    .limit(1);
  invariantResponse(project, 'Project not found');
  return project;
}

/**
 * A project page: the project, its members (the first PROJECT_MEMBERS_LIMIT by name; the members
 * list filtered by the project shows them all) and, when `search` is given, brand members not yet
 * in it that match, to add.
 */
export async function getProjectPage(brandId: string, projectId: string, search = '') {
  const project = await requireProject(brandId, projectId);
  // Archived members are hidden from the project's lists (their membership is kept).
  const inProject = and(
    eq(projectMembers.projectId, project.id),
    eq(projectMembers.brandId, brandId),
    isNull(members.archivedAt),
  );
  const [{ total }] = await db
    .select({ total: count() })
    .from(projectMembers)
    .innerJoin(members, eq(members.id, projectMembers.memberId))
    .where(inProject);
  const memberRows = await db
    .select({ id: members.id, name: members.name, email: members.email })
    .from(projectMembers)
    .innerJoin(members, eq(members.id, projectMembers.memberId))
    .where(inProject)
    .orderBy(asc(members.name), asc(members.email))
    .limit(PROJECT_MEMBERS_LIMIT);
  let candidates: { id: string; name: string; email: string }[] = [];
  const q = search.trim();
  if (q) {
    candidates = await db
      .select({ id: members.id, name: members.name, email: members.email })
      .from(members)
      .where(
        and(
          eq(members.brandId, brandId),
          isNull(members.archivedAt),
          memberMatches(q),
          notExists(
            db
              .select({ one: sql`1` })
              .from(projectMembers)
              .where(
                and(
                  eq(projectMembers.projectId, project.id),
                  eq(projectMembers.memberId, members.id),
                ),
              ),
          ),
        ),
      )
      .orderBy(asc(members.name))
      .limit(50);
  }
  return { project, members: memberRows, memberCount: Number(total), candidates };
}

export async function createProject(
  brandId: string,
  name: string,
): Promise<ProjectResult<{ id: string; name: string }>> {
  const [project] = await db
    .insert(projects)
    .values({ brandId, name })
    .onConflictDoNothing()
    .returning({ id: projects.id, name: projects.name });
  return project ? { ok: true, value: project } : duplicateName(name);
}

export async function renameProject(
  brandId: string,
  projectId: string,
  name: string,
): Promise<ProjectResult<null>> {
  await requireProject(brandId, projectId);
  try {
    await db.transaction(async (tx) => {
      await tx
        .update(projects)
        .set({ name })
        .where(and(eq(projects.id, projectId), eq(projects.brandId, brandId)));
      await projectMembersChanged(tx, projectId);
    });
    return { ok: true, value: null };
  } catch (error) {
    if (isUniqueViolation(error, 'projects_brand_name_key')) return duplicateName(name);
    throw error;
  }
}

/** Deletes the project; its members stay (only their membership of it goes). */
export async function deleteProject(brandId: string, projectId: string) {
  invariantResponse(isUuid(projectId), 'Project not found');
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.brandId, brandId)))
      .for('update');
    invariantResponse(project, 'Project not found');
    // Before the delete: its memberships go with it (cascade).
    await projectMembersChanged(tx, projectId);
    const [deleted] = await tx
      .delete(projects)
      .where(and(eq(projects.id, projectId), eq(projects.brandId, brandId)))
      .returning({ id: projects.id, name: projects.name });
    return deleted;
  });
}

/**
 * Adds members to the project (already there: nothing happens). Every id must be a member of the
 * brand, or nothing changes and the answer is a 404.
 */
export async function assignMembers(brandId: string, projectId: string, memberIds: string[]) {
  await requireProject(brandId, projectId);
  if (memberIds.length === 0) return 0;
  const owned = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.brandId, brandId), inArray(members.id, memberIds)));
  invariantResponse(owned.length === memberIds.length, 'Member not found');
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(projectMembers)
      .values(memberIds.map((memberId) => ({ projectId, memberId, brandId })))
      .onConflictDoNothing()
      .returning({ memberId: projectMembers.memberId });
    await memberLinksChanged(
      tx,
      added.map((r) => r.memberId),
    );
    return added.length;
  });
}

export async function unassignMember(brandId: string, projectId: string, memberId: string) {
  await requireProject(brandId, projectId);
  const [member] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.brandId, brandId)))
    .limit(1);
  invariantResponse(member, 'Member not found');
  await db.transaction(async (tx) => {
    await tx
      .delete(projectMembers)
      .where(
        and(
          eq(projectMembers.projectId, projectId),
          eq(projectMembers.memberId, memberId),
          eq(projectMembers.brandId, brandId),
        ),
      );
    await memberLinksChanged(tx, [memberId]);
  });
}

/** Member counts of the brand's projects among `projectIds`. */
async function memberCounts(brandId: string, projectIds: string[]) {
  if (!projectIds.length) return new Map<string, number>();
  const rows = await db
    .select({ projectId: projectMembers.projectId, n: count() })
    .from(projectMembers)
    .where(and(eq(projectMembers.brandId, brandId), inArray(projectMembers.projectId, projectIds)))
    .groupBy(projectMembers.projectId);
  return new Map(rows.map((r) => [r.projectId, Number(r.n)]));
}

/** The brand's project with its member count, or null. */
export async function findProject(brandId: string, projectId: string) {
  if (!isUuid(projectId)) return null;
  const [project] = await db
    .select({ id: projects.id, name: projects.name, createdAt: projects.createdAt })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.brandId, brandId)));
  if (!project) return null;
  return { project, memberCount: (await memberCounts(brandId, [project.id])).get(project.id) ?? 0 };
}

/** A page of the brand's projects, newest first, after `position` (the API's cursor). */
export async function listProjectsPage(
  brandId: string,
  options: { after: KeysetPosition | null; limit: number },
) {
  const rows = await db
    .select({
      project: { id: projects.id, name: projects.name, createdAt: projects.createdAt },
      at: exactTimeSql(projects.createdAt),
    })
    .from(projects)
    .where(
      and(
        eq(projects.brandId, brandId),
        ...(options.after ? olderThanSql(projects.createdAt, projects.id, options.after) : []),
      ),
    )
    .orderBy(desc(projects.createdAt), desc(projects.id))
    .limit(options.limit + 1);
  const counts = await memberCounts(
    brandId,
    rows.map((r) => r.project.id),
  );
  return rows.map((r) => ({
    project: r.project,
    memberCount: counts.get(r.project.id) ?? 0,
    position: { at: r.at, id: r.project.id },
  }));
}
