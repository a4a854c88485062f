import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { db } from '../../db/client';
import { createBrandWithUser, createMember, createProject } from '../../seed/factories';
import { members, projectMembers, projects } from '../../db/schema';
import { callRoute, makeRequest, sessionCookieFor } from '../../test/routes';
import * as importPage from '../routes/brand+/members.import';
import {
  MAX_CSV_BYTES,
  decodeCsvBytes,
  importMembers,
  previewMemberImport,
  splitProjects,
} from './csv-import.server';

const call = (fn: unknown, request: Request) => callRoute(fn as never, request);

async function brandId() {
  return (await createBrandWithUser()).brand.id;
}

async function preview(brand: string, csv: string) {
  const result = await previewMemberImport(brand, csv);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('preview', () => {
  test('sorts rows into good and bad, with line numbers and reasons', async () => {
    const brand = await brandId();
    await createMember(brand, { email: 'existing@example.com' });
    await createProject(brand, 'Spring Launch');
    const csv = [
      'Name,Email,Instagram,TikTok,Projects',
      'Maya Lopez,Maya@Example.com,@maya.glows,@mayaglows,spring launch; Ambassadors',
      '"Park, Theo",theo@example.com,,,',
      ',nameless@example.com,,,',
      'Bad Email,not-an-email,,,',
      'Dup,MAYA@example.com,,,',
      'Old,existing@example.com,,,',
      `${'x'.repeat(121)},long@example.com,,,`,
      'Handle,handle@example.com,bad handle!,,',
      `Project,project@example.com,,,${'p'.repeat(121)}`,
      'Extra,extra@example.com,,,,unexpected',
    ].join('\r\n');
    const result = await preview(brand, csv);
    expect(
      result.good.map((r) => [r.line, r.name, r.email, r.instagram, r.tiktok, r.projects]),
    ).toEqual([
      [
        2,
        'Maya Lopez',
        'maya@example.com',
        'maya.glows',
        'mayaglows',
        ['spring launch', 'Ambassadors'],
      ],
      [3, 'Park, Theo', 'theo@example.com', null, null, []],
    ]);
    const bad = Object.fromEntries(result.bad.map((r) => [r.line, r.reasons.join(' | ')]));
    expect(Object.keys(bad).map(Number)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(bad[4]).toContain('Enter the member’s name.');
    expect(bad[5]).toContain('valid email');
    expect(bad[6]).toContain('also on line 2');
    expect(bad[7]).toContain('existing@example.com is already a member');
    expect(bad[8]).toContain('at most 120 characters');
    expect(bad[9]).toContain('letters, numbers, periods and underscores');
    expect(bad[10]).toContain('longer than 120 characters');
    expect(bad[11]).toContain('Has 6 values but the header has 5 columns');
    // Only the project that does not exist yet (case-insensitively) is new.
    expect(result.newProjects).toEqual(['Ambassadors']);
  });

  test.each([
    ['an empty file', '', 'The file is empty'],
    ['a header without rows', 'name,email\n', 'no members below it'],
    ['a header without email', 'name,instagram\nA,a', 'has no email column'],
    ['a semicolon-separated file', 'name;email\nA;a@x.io', 'separated by semicolons'],
    ['a repeated column', 'name,email,email\nA,a@x.io,b@x.io', 'names the column “email” twice'],
    ['an unclosed quote', 'name,email\n"A,a@x.io\n', 'Line 2: A quoted value'],
  ])('%s is refused as a whole with a clear message', async (_label, csv, message) => {
    const result = await previewMemberImport(await brandId(), csv);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });

  test('column order is free, optional columns may be missing, unknown ones are reported', async () => {
    const result = await preview(
      await brandId(),
      '\uFEFFemail,Phone,name\n\na@example.com,555,Ann\n\nb@example.com,,"Bo ""B"" Bee"\n',
    );
    expect(result.good.map((r) => [r.line, r.name, r.email])).toEqual([
      [3, 'Ann', 'a@example.com'],
      [5, 'Bo "B" Bee', 'b@example.com'],
    ]);
    expect(result.ignoredColumns).toEqual(['Phone']);
  });

  test('project cells split on semicolons without blanks or repeats', () => {
    expect(splitProjects(' A ;a; ;B  two;')).toEqual(['A', 'B two']);
  });

  test('Windows-1252 bytes (older Excel) are read as such; UTF-8 stays UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]))).toBe('José');
    expect(decodeCsvBytes(new TextEncoder().encode('José'))).toBe('José');
  });
});

describe('import', () => {
  test('imports good rows with their projects in one go, creating missing projects', async () => {
    const brand = await brandId();
    const existing = await createProject(brand, 'Spring Launch');
    const result = await importMembers(
      brand,
      'name,email,projects\nA,a@example.com,Spring launch;New One\nB,b@example.com,new one\nbad,,x\n',
    );
    expect(result).toEqual({ ok: true, imported: 2, skipped: 1, projectsCreated: 1 });
    const rows = await db.select().from(projects).where(eq(projects.brandId, brand));
    expect(rows.map((p) => p.name).sort()).toEqual(['New One', 'Spring Launch']);
    const newOne = rows.find((p) => p.name === 'New One')!;
    const memberships = await db
      .select({ projectId: projectMembers.projectId, email: members.email })
      .from(projectMembers)
      .innerJoin(members, eq(members.id, projectMembers.memberId))
      .where(eq(projectMembers.brandId, brand));
    expect(
      memberships
        .map(
          (m) =>
            `${m.email}→${m.projectId === existing.id ? 'spring' : m.projectId === newOne.id ? 'new' : '?'}`,
        )
        .sort(),
    ).toEqual(['a@example.com→new', 'a@example.com→spring', 'b@example.com→new']);
  });

  test('a file with no good row imports nothing', async () => {
    const brand = await brandId();
    const result = await importMembers(brand, 'name,email\n,a@example.com\n');
    expect(result.ok).toBe(false);
    expect(await db.select().from(members).where(eq(members.brandId, brand))).toHaveLength(0);
  });

  test('5,000 rows with projects import completely', async () => {
    const brand = await brandId();
    const lines = ['name,email,instagram,tiktok,projects'];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `"Creator ${i}, Jr",creator${i}@example.com,@creator_${i},tt${i},Wave ${i % 10};All`,
      );
    }
    // Speed is measured by bench/csv-import.ts, not asserted here.
    const result = await importMembers(brand, lines.join('\r\n'));
    expect(result).toEqual({ ok: true, imported: 5000, skipped: 0, projectsCreated: 11 });
    const [{ n }] = await db
      .select({ n: db.$count(projectMembers, eq(projectMembers.brandId, brand)) })
      .from(projects)
      .limit(1);
    expect(n).toBe(10_000);
  });
});

describe('import page', () => {
  async function signedIn() {
    const { brand, user } = await createBrandWithUser();
    return { brand, cookie: await sessionCookieFor({ userId: user.id }) };
  }

  function multipart(fields: Record<string, string | Blob>) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    return form;
  }

  test('an uploaded file is previewed, then the good rows are imported', async () => {
    const { brand, cookie } = await signedIn();
    const file = new File(['name,email\r\nAda,ada@example.com\r\nNo email,\r\n'], 'members.csv', {
      type: 'text/csv',
    });
    const previewed = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        cookie,
        form: multipart({ intent: 'preview', file }),
      }),
    );
    expect(previewed.status).toBe(200);
    const body = previewed.body as {
      csv: string;
      preview: { goodCount: number; badCount: number; bad: { line: number }[] };
    };
    expect(body.preview).toMatchObject({ goodCount: 1, badCount: 1, bad: [{ line: 3 }] });
    expect(await db.select().from(members).where(eq(members.brandId, brand.id))).toHaveLength(0);

    const imported = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        cookie,
        form: multipart({ intent: 'import', csv: body.csv }),
      }),
    );
    expect(imported.status).toBe(302);
    expect(imported.headers.get('location')).toBe('/brand/members?imported=1&skipped=1');
    const rows = await db.select().from(members).where(eq(members.brandId, brand.id));
    expect(rows.map((r) => r.email)).toEqual(['ada@example.com']);
  });

  test('pasted text works too; nothing given gets a message', async () => {
    const { cookie } = await signedIn();
    const pasted = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        cookie,
        form: multipart({ intent: 'preview', csv: 'name,email\nAda,ada@example.com' }),
      }),
    );
    expect((pasted.body as { preview: { goodCount: number } }).preview.goodCount).toBe(1);
    const empty = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        cookie,
        form: multipart({ intent: 'preview', csv: '' }),
      }),
    );
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('Choose a CSV file or paste its contents.');
  });

  test('a file over 5 MB is refused with a clear message', async () => {
    const { brand, cookie } = await signedIn();
    const big = new File(['name,email\n', 'x'.repeat(MAX_CSV_BYTES + 100 * 1024)], 'big.csv', {
      type: 'text/csv',
    });
    const result = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        cookie,
        form: multipart({ intent: 'preview', file: big }),
      }),
    );
    expect(result.status).toBe(413);
    expect(JSON.stringify(result.body)).toContain('larger than 5 MB');
    expect(await db.select().from(members).where(eq(members.brandId, brand.id))).toHaveLength(0);
  });

  test('a CSV between the limits of the text and the request is refused too', async () => {
    const result = await previewMemberImport(
      await brandId(),
      `name,email\n${'y'.repeat(MAX_CSV_BYTES)}`,
    );
    expect(result).toMatchObject({ ok: false });
    expect(result.ok ? '' : result.error).toContain('larger than 5 MB');
  });

  test('anonymous posts are sent to sign-in and import nothing', async () => {
    const result = await call(
      importPage.action,
      makeRequest('/brand/members/import', {
        form: multipart({ intent: 'import', csv: 'name,email\nA,anonymous-import@example.com' }),
      }),
    );
    expect(result.status).toBe(302);
    expect(result.headers.get('location')).toContain('/sign-in');
    expect(
      await db.select().from(members).where(eq(members.email, 'anonymous-import@example.com')),
    ).toHaveLength(0);
  });
});
