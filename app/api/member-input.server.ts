/**
 * The API's member writes onto the member form's schema and the members module
 * (app/members/members.server.ts): create, update, upsert by email and bulk all go through
 * `createMember` / `updateMember`, the functions the portal's forms call.
 */
import { z } from 'zod';
import {
  createMember,
  findMember,
  findMemberIdByEmail,
  updateMember,
} from '../members/members.server';
import { memberFormSchema } from '../members/schemas';
import { ApiProblem, invalid, notFound, type FieldProblem } from './problem.server';
import { memberRepresentation, toMemberRepresentation } from './representations';

export const MEMBERS_BULK_MAX = 100;

const memberFields = {
  name: z.string().meta({ description: '1–120 characters.' }),
  email: z.string().meta({ description: 'Unique in the brand; stored lower-cased.' }),
  instagram: z.string().nullable().optional().meta({
    description: 'Username, `@name` or profile URL; null or empty clears it.',
  }),
  tiktok: z.string().nullable().optional(),
  project_ids: z.array(z.string()).optional().meta({
    description: 'The member’s projects (the whole list); omitted on update: unchanged.',
  }),
};

export const memberCreateBody = z.object(memberFields).meta({ id: 'MemberCreate' });
export const memberUpdateBody = z
  .object({
    ...memberFields,
    name: memberFields.name.optional(),
    email: memberFields.email.optional(),
  })
  .meta({ id: 'MemberUpdate' });

type MemberBody = z.output<typeof memberUpdateBody>;

const API_FIELD: Record<string, string> = { projectIds: 'project_ids' };

class FieldProblems extends Error {
  constructor(readonly errors: FieldProblem[]) {
    super('invalid member');
  }
}

function parseMember(
  body: MemberBody,
  current: { name: string; email: string; instagram: string | null; tiktok: string | null } | null,
  currentProjectIds: string[],
) {
  const parsed = memberFormSchema.safeParse({
    name: body.name ?? current?.name,
    email: body.email ?? current?.email,
    instagram: (body.instagram === undefined ? current?.instagram : body.instagram) ?? '',
    tiktok: (body.tiktok === undefined ? current?.tiktok : body.tiktok) ?? '',
    projectIds: body.project_ids ?? currentProjectIds,
  });
  if (!parsed.success) {
    throw new FieldProblems(
      parsed.error.issues.map((issue) => {
        const [first, ...rest] = issue.path.map(String);
        return { field: [API_FIELD[first] ?? first, ...rest].join('.'), message: issue.message };
      }),
    );
  }
  return parsed.data;
}

const unknownProject = () =>
  new FieldProblems([
    { field: 'project_ids', message: 'One of these is not a project of this brand.' },
  ]);

/** The module refuses another brand's project id with a 404 response: a field error here. */
async function projectChecked<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (thrown) {
    if (
      thrown instanceof Response &&
      thrown.status === 404 &&
      /project/i.test(await thrown.clone().text())
    ) {
      throw unknownProject();
    }
    throw thrown;
  }
}

function fieldErrors(result: { fieldErrors: Record<string, string[]> }): FieldProblems {
  return new FieldProblems(
    Object.entries(result.fieldErrors).flatMap(([field, messages]) =>
      messages.map((message) => ({ field: API_FIELD[field] ?? field, message })),
    ),
  );
}

async function represent(brandId: string, memberId: string) {
  const found = await findMember(brandId, memberId);
  if (!found) throw notFound('member');
  return toMemberRepresentation(found.member, found.projectIds);
}

async function create(brandId: string, body: MemberBody) {
  const input = parseMember(body, null, []);
  const result = await projectChecked(() => createMember(brandId, input));
  if (!result.ok) throw fieldErrors(result);
  return represent(brandId, result.value.id);
}

async function update(brandId: string, memberId: string, body: MemberBody) {
  const found = await findMember(brandId, memberId);
  if (!found) throw notFound('member');
  const input = parseMember(body, found.member, found.projectIds);
  const result = await projectChecked(() => updateMember(brandId, memberId, input));
  if (!result.ok) throw fieldErrors(result);
  return represent(brandId, memberId);
}

async function upsert(brandId: string, body: MemberBody) {
  if (!body.email)
    throw new FieldProblems([{ field: 'email', message: 'Give the member’s email.' }]);
  const existing = await findMemberIdByEmail(brandId, body.email);
  if (existing) return { created: false, member: await update(brandId, existing, body) };
  try {
    return { created: true, member: await create(brandId, body) };
  } catch (error) {
    // Made meanwhile by another request: update it instead.
    const raced = await findMemberIdByEmail(brandId, body.email);
    if (error instanceof FieldProblems && raced) {
      return { created: false, member: await update(brandId, raced, body) };
    }
    throw error;
  }
}

/** Field problems as the API's 400. */
async function asApi<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FieldProblems) throw invalid(error.errors);
    throw error;
  }
}

export const createMemberFromApi = (brandId: string, body: MemberBody) =>
  asApi(() => create(brandId, body));
export const updateMemberFromApi = (brandId: string, memberId: string, body: MemberBody) =>
  asApi(() => update(brandId, memberId, body));
export const upsertMemberFromApi = (brandId: string, body: MemberBody) =>
  asApi(() => upsert(brandId, body));

export const membersBulkBody = z
  .object({
    mode: z.enum(['create', 'upsert']).default('upsert').meta({
      description:
        '`upsert` (default): a member whose email exists is updated; `create`: such an item fails.',
    }),
    members: z
      .array(memberCreateBody)
      .min(1, 'Send at least one member.')
      .max(MEMBERS_BULK_MAX, `At most ${MEMBERS_BULK_MAX} members per call.`),
  })
  .meta({ id: 'MembersBulk' });

export const membersBulkResult = z
  .object({
    object: z.literal('bulk_result'),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int().meta({ description: 'The item’s position in `members`.' }),
        result: z.enum(['created', 'updated', 'failed']),
        member: memberRepresentation.optional(),
        errors: z
          .array(z.object({ field: z.string(), message: z.string() }))
          .optional()
          .meta({ description: 'Why the item failed (fields of the item).' }),
      }),
    ),
  })
  .meta({ id: 'MembersBulkResult' });

/** Each item on its own (its own transaction): good items are kept, bad ones say why. */
export async function bulkMembersFromApi(
  brandId: string,
  body: z.output<typeof membersBulkBody>,
): Promise<z.input<typeof membersBulkResult>> {
  const results: z.input<typeof membersBulkResult>['results'] = [];
  for (const [index, item] of body.members.entries()) {
    try {
      if (body.mode === 'create') {
        results.push({ index, result: 'created', member: await create(brandId, item) });
      } else {
        const { created, member } = await upsert(brandId, item);
        results.push({ index, result: created ? 'created' : 'updated', member });
      }
    } catch (error) {
      if (error instanceof FieldProblems) {
        results.push({ index, result: 'failed', errors: error.errors });
      } else if (error instanceof ApiProblem) {
        results.push({ index, result: 'failed', errors: [{ field: '', message: error.detail }] });
      } else {
        throw error;
      }
    }
  }
  const count = (r: string) => results.filter((x) => x.result === r).length;
  return {
    object: 'bulk_result',
    created: count('created'),
    updated: count('updated'),
    failed: count('failed'),
    results,
  };
}
