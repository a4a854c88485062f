import { and, eq, sql } from 'drizzle-orm';
import { db, type Tx } from '../../db/client';
import { members, projectMembers, projects, promoCodes } from '../../db/schema';
import { PROJECT_NAME_MAX } from '../projects/schemas';
import { parseCsv } from './csv-parser';
import { isUuid } from '../ids';
import { archivedOfferMessage } from '../links/archived-refusals';
import { findOfferForLinks, generateLinksInTransaction } from '../links/generate-links.server';
import { normalizePromoCode } from '../promo-codes/promo-code-rules';
import { PromoCodeRefusal } from '../promo-codes/promo-codes.server';
import {
  CSV_COLUMNS,
  MAX_CSV_BYTES,
  instagramHandle,
  memberEmail,
  memberName,
  tiktokHandle,
} from './schemas';

export { CSV_COLUMNS, MAX_CSV_BYTES };
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['name', 'email'];

export interface ImportRow {
  line: number;
  name: string;
  email: string;
  instagram: string | null;
  tiktok: string | null;
  projects: string[];
  /** Upper-cased; given on the import's offer. */
  promoCode: string | null;
}
export interface BadRow {
  line: number;
  /** What the row said, to help find it: its name and email cells as written. */
  label: string;
  reasons: string[];
}
export type ImportPreview =
  | { ok: false; error: string }
  | {
      ok: true;
      good: ImportRow[];
      bad: BadRow[];
      /** Projects the import will create (named in the file, not yet in the brand). */
      newProjects: string[];
      /** Header columns that are not ones we know; their values are not imported. */
      ignoredColumns: string[];
    };

export function csvTooLargeMessage() {
  return `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one after the other.`;
}

/** Bytes of an uploaded file as text: UTF-8, or Windows-1252 (older Excel) when not valid UTF-8. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const firstMessage = (error: { issues: { message: string }[] }) => error.issues[0].message;

/**
 * Reads and checks a members CSV against the brand's existing members and projects, without
 * changing anything. Every row is either good or bad, with its line number and reasons.
 */
export async function previewMemberImport(
  brandId: string,
  csv: string,
  tx: Tx = db,
  options: ImportOptions = {},
): Promise<ImportPreview> {
  if (new TextEncoder().encode(csv).length > MAX_CSV_BYTES) {
    return { ok: false, error: csvTooLargeMessage() };
  }
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { ok: false, error: `Line ${parsed.line}: ${parsed.message}` };
  const [header, ...rows] = parsed.records;
  if (!header) {
    return {
      ok: false,
      error: `The file is empty. The first line must name the columns: ${CSV_COLUMNS.join(', ')}.`,
    };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index = new Map<Column, number>();
  const ignoredColumns: string[] = [];
  for (const [i, name] of names.entries()) {
    if ((CSV_COLUMNS as readonly string[]).includes(name)) {
      if (index.has(name as Column)) {
        return { ok: false, error: `The header names the column “${name}” twice.` };
      }
      index.set(name as Column, i);
    } else if (name !== '') {
      ignoredColumns.push(header.fields[i].trim());
    }
  }
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) {
    const semicolons = header.fields.length === 1 && header.fields[0].includes(';');
    return {
      ok: false,
      error:
        `The first line must be a header naming the columns ${CSV_COLUMNS.join(', ')} ` +
        `(name and email are required); this file's first line has no ${missing.join(' or ')} column.` +
        (semicolons
          ? ' It looks separated by semicolons: save it as comma-separated (CSV UTF-8) instead.'
          : ''),
    };
  }
  if (rows.length === 0) {
    return { ok: false, error: 'The file has a header but no members below it.' };
  }

  const cell = (fields: string[], column: Column) => {
    const i = index.get(column);
    return i === undefined ? '' : (fields[i] ?? '');
  };
  const good: ImportRow[] = [];
  const bad: BadRow[] = [];
  const firstLineOfEmail = new Map<string, number>();
  const firstLineOfCode = new Map<string, number>();
  for (const { line, fields } of rows) {
    const reasons: string[] = [];
    if (fields.length > header.fields.length) {
      reasons.push(
        `Has ${fields.length} values but the header has ${header.fields.length} columns. Put values that contain commas in double quotes.`,
      );
    }
    const name = memberName.safeParse(cell(fields, 'name'));
    if (!name.success) reasons.push(firstMessage(name.error));
    const email = memberEmail.safeParse(cell(fields, 'email'));
    if (!email.success) reasons.push(firstMessage(email.error));
    const instagram = instagramHandle.safeParse(cell(fields, 'instagram'));
    if (!instagram.success) reasons.push(firstMessage(instagram.error));
    const tiktok = tiktokHandle.safeParse(cell(fields, 'tiktok'));
    if (!tiktok.success) reasons.push(firstMessage(tiktok.error));
    const projectNames = splitProjects(cell(fields, 'projects'));
    for (const p of projectNames) {
      if (p.length > PROJECT_NAME_MAX) {
        reasons.push(
          `The project name “${p.slice(0, 40)}…” is longer than ${PROJECT_NAME_MAX} characters.`,
        );
      }
    }
    let promoCode: string | null = null;
    const codeCell = cell(fields, 'promo_code').trim();
    if (codeCell) {
      const checked = normalizePromoCode(codeCell);
      if (!checked.ok) reasons.push(checked.message);
      else {
        promoCode = checked.code;
        const earlier = firstLineOfCode.get(promoCode);
        if (earlier !== undefined) {
          reasons.push(`The promo code ${promoCode} is also on line ${earlier}; codes are unique.`);
        } else firstLineOfCode.set(promoCode, line);
      }
    }
    if (email.success) {
      const earlier = firstLineOfEmail.get(email.data);
      if (earlier !== undefined) {
        reasons.push(`The email ${email.data} is also on line ${earlier}; each member once.`);
      } else {
        firstLineOfEmail.set(email.data, line);
      }
    }
    if (
      reasons.length ||
      !name.success ||
      !email.success ||
      !instagram.success ||
      !tiktok.success
    ) {
      bad.push({ line, label: labelOf(cell(fields, 'name'), cell(fields, 'email')), reasons });
      continue;
    }
    good.push({
      line,
      name: name.data,
      email: email.data,
      instagram: instagram.data,
      tiktok: tiktok.data,
      projects: projectNames,
      promoCode,
    });
  }
  if (good.some((r) => r.promoCode) || options.offerId) {
    const offerProblem = await importOfferProblem(tx, brandId, options.offerId);
    if (offerProblem) return { ok: false, error: offerProblem };
  }
  const takenCodes = await activeCodesAmong(
    tx,
    brandId,
    good.flatMap((r) => (r.promoCode ? [r.promoCode] : [])),
  );

  // Rows whose email already belongs to a member of the brand.
  const existing = await existingEmails(
    tx,
    brandId,
    good.map((r) => r.email),
  );
  const kept: ImportRow[] = [];
  for (const row of good) {
    if (existing.has(row.email)) {
      bad.push({
        line: row.line,
        label: labelOf(row.name, row.email),
        reasons: [`${row.email} is already a member of your brand.`],
      });
    } else if (row.promoCode && takenCodes.has(row.promoCode)) {
      bad.push({
        line: row.line,
        label: labelOf(row.name, row.email),
        reasons: [
          `The promo code ${row.promoCode} is already another member’s code in your brand. Deactivate it there first, or choose another.`,
        ],
      });
    } else {
      kept.push(row);
    }
  }
  bad.sort((a, b) => a.line - b.line);

  const wanted = new Map<string, string>();
  // The first spelling of a new project's name in the file is the one created.
  for (const row of kept) {
    for (const p of row.projects) if (!wanted.has(p.toLowerCase())) wanted.set(p.toLowerCase(), p);
  }
  const known = await projectIdsByName(tx, brandId, [...wanted.keys()]);
  const newProjects = [...wanted.entries()].filter(([k]) => !known.has(k)).map(([, v]) => v);

  return { ok: true, good: kept, bad, newProjects, ignoredColumns };
}

export interface ImportOptions {
  /** The offer the imported members join (a main link each), with their promo codes on it. */
  offerId?: string | null;
  userId?: string | null;
}

/** Why the import's offer cannot take members, or null. */
async function importOfferProblem(tx: Tx, brandId: string, offerId: string | null | undefined) {
  if (!offerId) {
    return 'The file has promo codes: choose the offer they are for, then check the file again.';
  }
  const offer = isUuid(offerId) ? await findOfferForLinks(brandId, offerId, tx) : null;
  if (!offer) return 'Choose one of your offers from the list.';
  if (offer.archived) return archivedOfferMessage;
  return null;
}

/** Which of these (upper-cased) codes are active codes of the brand already. */
async function activeCodesAmong(tx: Tx, brandId: string, codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await tx.execute<{ code: string }>(sql`
    select upper(code) as code from ${promoCodes}
     where brand_id = ${brandId} and deactivated_at is null
       and upper(code) = any(${sql.param(codes)}::text[])`);
  return new Set(rows.map((r) => r.code));
}

/** Project names of one cell, separated by `;`, trimmed, without repeats (case-insensitive). */
export function splitProjects(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(';')) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

function labelOf(name: string, email: string) {
  const text = [name.trim(), email.trim()].filter(Boolean).join(' · ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

const CHUNK = 1000;
function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Emails (of the given ones) that already belong to members of the brand. */
async function existingEmails(tx: Tx, brandId: string, emails: string[]) {
  if (emails.length === 0) return new Set<string>();
  // One array parameter instead of a parameter per email.
  const rows = await tx
    .select({ email: members.email })
    .from(members)
    .where(
      and(eq(members.brandId, brandId), sql`${members.email} = any(${sql.param(emails)}::text[])`),
    );
  return new Set(rows.map((r) => r.email));
}

/** The brand's projects whose lower-cased names are given, keyed by lower-cased name. */
async function projectIdsByName(tx: Tx, brandId: string, lowerNames: string[]) {
  if (lowerNames.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: projects.id, name: projects.name })
    .from(projects)
    .where(
      and(
        eq(projects.brandId, brandId),
        sql`lower(${projects.name}) = any(${sql.param(lowerNames)}::text[])`,
      ),
    );
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
}

export type ImportResult =
  | { ok: false; error: string }
  | { ok: true; imported: number; skipped: number; projectsCreated: number };

/**
 * Imports the good rows of a members CSV in one transaction: creates the projects it names,
 * inserts the members and their project memberships with multi-row inserts. The file is checked
 * again inside the transaction, so rows that became duplicates since the preview are skipped.
 */
export async function importMembers(
  brandId: string,
  csv: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  try {
    return await importInTransaction(brandId, csv, options);
  } catch (error) {
    // A promo code taken meanwhile: nothing is imported, and the message says which.
    if (error instanceof PromoCodeRefusal) {
      return { ok: false, error: `Nothing was imported: ${error.message}` };
    }
    throw error;
  }
}

function importInTransaction(
  brandId: string,
  csv: string,
  options: ImportOptions,
): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const preview = await previewMemberImport(brandId, csv, tx, options);
    if (!preview.ok) return preview;
    if (preview.good.length === 0) {
      return { ok: false, error: 'No row of the file can be imported. Fix the rows listed below.' };
    }
    let projectsCreated = 0;
    for (const part of chunks(preview.newProjects)) {
      const created = await tx
        .insert(projects)
        .values(part.map((name) => ({ brandId, name })))
        .onConflictDoNothing()
        .returning({ id: projects.id });
      projectsCreated += created.length;
    }
    const wanted = new Set(preview.good.flatMap((r) => r.projects.map((p) => p.toLowerCase())));
    const projectIds = await projectIdsByName(tx, brandId, [...wanted]);

    // unnest() over one array per column: a single statement with six parameters, however many
    // rows (a VALUES list would need a parameter per cell).
    const idByEmail = new Map<string, string>();
    for (const part of chunks(preview.good, 10_000)) {
      const column = (pick: (r: ImportRow) => string | null) => sql.param(part.map(pick));
      const inserted = await tx.execute<{ id: string; email: string }>(sql`
        insert into ${members} (brand_id, name, email, instagram, tiktok)
        select ${brandId}::uuid, t.name, t.email, t.instagram, t.tiktok
        from unnest(
          ${column((r) => r.name)}::text[], ${column((r) => r.email)}::text[],
          ${column((r) => r.instagram)}::text[], ${column((r) => r.tiktok)}::text[]
        ) as t(name, email, instagram, tiktok)
        -- A member added by someone else since the check above is kept as it is.
        on conflict do nothing
        returning id, email`);
      for (const m of inserted) idByEmail.set(m.email, m.id);
    }
    const memberships = preview.good.flatMap((r) => {
      const memberId = idByEmail.get(r.email);
      if (!memberId) return [];
      return r.projects.map((p) => ({ projectId: projectIds.get(p.toLowerCase())!, memberId }));
    });
    for (const part of chunks(memberships, 50_000)) {
      await tx.execute(sql`
        insert into ${projectMembers} (project_id, member_id, brand_id)
        select t.project_id, t.member_id, ${brandId}::uuid
        from unnest(
          ${sql.param(part.map((m) => m.projectId))}::uuid[],
          ${sql.param(part.map((m) => m.memberId))}::uuid[]
        ) as t(project_id, member_id)
        on conflict do nothing`);
    }
    if (options.offerId) {
      const added = await generateLinksInTransaction(
        tx,
        brandId,
        options.offerId,
        preview.good.flatMap((r) => {
          const memberId = idByEmail.get(r.email);
          return memberId ? [{ memberId, code: r.promoCode }] : [];
        }),
        { userId: options.userId ?? null },
      );
      if (!added.ok) throw new PromoCodeRefusal(added.fieldErrors);
    }
    return {
      ok: true,
      imported: idByEmail.size,
      skipped: preview.bad.length + (preview.good.length - idByEmail.size),
      projectsCreated,
    };
  });
}
