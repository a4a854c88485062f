import { z } from 'zod';
import type { members, projects } from '../../../db/schema';
import { id, timestamp, toIso } from './common';

export const memberRepresentation = z
  .object({
    object: z.literal('member'),
    id: id('member'),
    name: z.string(),
    email: z.string().meta({ description: 'Lower-cased; unique in the brand.' }),
    instagram: z.string().nullable().meta({ description: 'Instagram username, without @.' }),
    tiktok: z.string().nullable().meta({ description: 'TikTok username, without @.' }),
    payout_email: z.string().nullable().meta({
      description: 'Where the creator wants payouts (PayPal); set by the creator.',
    }),
    project_ids: z.array(z.string()).meta({ description: 'The projects the member is in.' }),
    archived: z.boolean().meta({
      description: 'Archived members keep their links and history but leave lists.',
    }),
    created_at: timestamp('When the member was added.'),
  })
  .meta({ id: 'Member' });

export type MemberRepresentation = z.infer<typeof memberRepresentation>;

export function toMemberRepresentation(
  member: typeof members.$inferSelect,
  projectIds: readonly string[],
): MemberRepresentation {
  return {
    object: 'member',
    id: member.id,
    name: member.name,
    email: member.email,
    instagram: member.instagram,
    tiktok: member.tiktok,
    payout_email: member.payoutEmail,
    project_ids: [...projectIds].sort(),
    archived: member.archivedAt !== null,
    created_at: toIso(member.createdAt),
  };
}

export const projectRepresentation = z
  .object({
    object: z.literal('project'),
    id: id('project'),
    name: z.string(),
    member_count: z.number().int().meta({ description: 'Members in the project (archived too).' }),
    created_at: timestamp('When the project was created.'),
  })
  .meta({ id: 'Project' });

export type ProjectRepresentation = z.infer<typeof projectRepresentation>;

export function toProjectRepresentation(
  project: Pick<typeof projects.$inferSelect, 'id' | 'name' | 'createdAt'>,
  memberCount: number,
): ProjectRepresentation {
  return {
    object: 'project',
    id: project.id,
    name: project.name,
    member_count: memberCount,
    created_at: toIso(project.createdAt),
  };
}
