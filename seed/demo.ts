/**
 * The demo brand: created on the first start (when the database has no brand yet) so the portal is
 * not empty on first look. Also runnable on its own: `npm run db:seed`.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { closeDb, db, type Tx } from '../db/client';
import { brands, users } from '../db/schema';
import {
  addTeammate,
  createBrandWithUser,
  createLink,
  createMember,
  createOffer,
  createProject,
} from './factories';

export const DEMO_EMAIL = 'demo@offerlink.local';
export const DEMO_PASSWORD = 'offerlink-demo';
/** The demo brand's second teammate, a viewer, so the Team page is not empty. */
export const DEMO_VIEWER_EMAIL = 'viewer@offerlink.local';
export const DEMO_VIEWER_PASSWORD = 'offerlink-viewer-demo';

/** The demo sign-in, when the demo user exists. */
export async function demoLogin(): Promise<{ email: string; password: string } | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  return row ? { email: DEMO_EMAIL, password: DEMO_PASSWORD } : null;
}

export async function seedDemo(outer: Tx = db): Promise<void> {
  await outer.transaction(async (tx) => {
    const { brand } = await createBrandWithUser(
      {
        brandName: 'Glow Skincare (demo)',
        name: 'Dana Demo',
        email: DEMO_EMAIL,
        password: DEMO_PASSWORD,
      },
      tx,
    );
    await addTeammate(
      brand.id,
      {
        role: 'viewer',
        name: 'Vic Viewer',
        email: DEMO_VIEWER_EMAIL,
        password: DEMO_VIEWER_PASSWORD,
      },
      tx,
    );
    const launch = await createProject(brand.id, 'Spring Launch', tx);
    const ambassadors = await createProject(brand.id, 'Ambassadors', tx);
    const people = [
      {
        name: 'Maya Lopez',
        email: 'maya@example.com',
        instagram: 'maya.glows',
        tiktok: 'mayaglows',
        projectIds: [launch.id, ambassadors.id],
      },
      {
        name: 'Theo Park',
        email: 'theo@example.com',
        instagram: 'theopark',
        tiktok: null,
        projectIds: [launch.id],
      },
      {
        name: 'Ana Souza',
        email: 'ana@example.com',
        instagram: 'ana.souza',
        tiktok: 'anasouza',
        projectIds: [ambassadors.id],
      },
      {
        name: 'Sam Reed',
        email: 'sam@example.com',
        instagram: null,
        tiktok: 'samreed',
        projectIds: [launch.id],
      },
      {
        name: 'Lina Haddad',
        email: 'lina@example.com',
        instagram: 'linahaddad',
        tiktok: null,
        projectIds: [],
      },
    ];
    const created = [];
    for (const person of people) created.push(await createMember(brand.id, person, tx));
    const { offer, payouts } = await createOffer(
      brand.id,
      {
        name: 'Black Friday Cyber Monday Sale',
        description: 'Internal: Q4 push, 20% off sitewide.',
        offerUrl: 'https://shop.example.com/black-friday',
        utmSource: 'offerlink',
        utmMedium: 'influencer',
        utmCampaign: '{link_offer_name}',
        utmContent: '{creator_ig_username}',
        allowCreatorDeepLinks: true,
        payouts: [
          { title: 'Standard 10%', type: 'cps_percent', percent: '10', isDefault: true },
          { title: 'VIP $15 per sale', type: 'cpa_flat', amountMinor: 1500 },
        ],
      },
      tx,
    );
    for (const member of created.slice(0, 3)) {
      await createLink(
        {
          brandId: brand.id,
          offerId: offer.id,
          memberId: member.id,
          payoutOptionId: payouts[0].id,
        },
        tx,
      );
    }
  });
}

/** Seeds the demo brand when the installation has no brand at all. Returns whether it did. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  // An advisory lock keeps two processes starting at once from both seeding.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7363301)`);
    const [any] = await tx.select({ id: brands.id }).from(brands).limit(1);
    if (any) return false;
    await seedDemo(tx);
    return true;
  });
}

async function main() {
  const { getConfig } = await import('../app/config.server');
  const { lockDataDir, openDatabase } = await import('../db/connection');
  const { migrate } = await import('../db/migrate');
  const config = getConfig();
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  let release = () => {};
  let stop = async () => {};
  if (config.DATABASE_URL) {
    process.env.DATABASE_URL = config.DATABASE_URL;
  } else {
    const dataDir = path.resolve(root, config.OFFERLINK_DATA_DIR);
    try {
      release = lockDataDir(dataDir);
      const database = await openDatabase({ dataDir, embeddedPort: config.EMBEDDED_PG_PORT });
      process.env.DATABASE_URL = database.url;
      stop = database.stop;
    } catch {
      // Offerlink is running: use its embedded database.
      process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/offerlink`;
    }
  }
  try {
    await migrate(process.env.DATABASE_URL!);
    if (await demoLogin()) {
      console.log(`The demo brand already exists: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
    } else {
      await seedDemo();
      console.log(`Created the demo brand: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
    }
  } finally {
    await closeDb();
    await stop();
    release();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
