import proxyaddr from 'proxy-addr';
import { z } from 'zod';

/** Every environment variable Offerlink reads, validated once. `.env.example` documents each. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public base URL used in tracking links and emails. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** When unset, Offerlink starts an embedded PostgreSQL in OFFERLINK_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  /**
   * The PostgreSQL server itself when DATABASE_URL is a pooler in transaction mode (PgBouncer):
   * migrations, LISTEN, the job runner and the click writer connect here. Defaults to DATABASE_URL.
   */
  DIRECT_DATABASE_URL: z.string().optional(),
  OFFERLINK_DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Salt mixed into the SHA-256 of shopper IP addresses. Set it in production. */
  IP_HASH_SALT: z.string().min(8).default('offerlink-development-salt'),
  RESEND_API_KEY: z.string().optional(),
  /** Base URL of the Resend API; tests point it at a local stand-in. */
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().default('Offerlink <links@offerlink.local>'),
  /**
   * Key (32 bytes, base64) that encrypts webhook signing secrets at rest. Unset: derived from
   * IP_HASH_SALT. Changing it makes the stored secrets unreadable (rotate each endpoint's).
   */
  WEBHOOK_SECRET_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'WEBHOOK_SECRET_KEY is 32 bytes in base64',
    )
    .optional(),
  /**
   * 1: webhooks may go to private, loopback and link-local addresses and plain http (for a
   * receiver on this machine in development and tests). Default: 1 unless NODE_ENV=production.
   */
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(['0', '1']).optional(),
  /** Set to 0 to skip creating the demo brand on first start. */
  SEED_DEMO: z.enum(['0', '1']).default('1'),
  /** Set to 0 to run the web server without the job runner (workers apart: `npm run worker`). */
  RUN_WORKER: z.enum(['0', '1']).default('1'),
  /** Header a trusted proxy/CDN sets with the visitor's country code, e.g. cf-ipcountry. */
  // Lower-cased once here: the redirect's fast path compares it with raw header names.
  TRUSTED_COUNTRY_HEADER: z
    .string()
    .default('cf-ipcountry')
    .transform((name) => name.toLowerCase()),
  /**
   * Months of raw clicks to keep (unset: all). Older monthly partitions are dropped by a daily job,
   * never inside an offer's attribution window; counters and conversions are kept.
   */
  CLICK_RETENTION_MONTHS: z.coerce.number().int().min(1).max(1200).optional(),
  /**
   * The proxies in front of Offerlink whose X-Forwarded-For to believe: 0 (none, the default), a
   * number of hops (1 = one load balancer), or a comma-separated list of addresses/CIDR ranges
   * (`loopback`, `linklocal`, `uniquelocal` too). The client is the right-most untrusted hop.
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .refine((value) => {
      const text = value.trim();
      if (/^(\d+|false|)$/.test(text)) return true;
      try {
        proxyaddr.compile(text.split(',').map((part) => part.trim()));
        return true;
      } catch {
        return false;
      }
    }, 'TRUST_PROXY is 0, a number of proxies, or a comma-separated list of proxy addresses or CIDR ranges'),
});

export type Config = z.infer<typeof schema>;

// One copy per process: server.ts and the Remix server build each load this module, and both must
// see the same configuration (and the same reset, in tests).
const store = globalThis as { __offerlinkConfig?: Config };

/** Makes the next getConfig() read the environment again (tests that change it). */
export function resetConfigForTests(): void {
  store.__offerlinkConfig = undefined;
}

export function getConfig(): Config {
  let config = store.__offerlinkConfig;
  if (!config) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
    }
    config = store.__offerlinkConfig = parsed.data;
  }
  return config;
}

/** Whether webhooks may go to this machine's and private networks' addresses (decision 051). */
export function webhooksMayReachPrivateNetworks(): boolean {
  const config = getConfig();
  return (
    (config.WEBHOOK_ALLOW_PRIVATE_URLS ?? (config.NODE_ENV === 'production' ? '0' : '1')) === '1'
  );
}

export function publicUrl(): string {
  const config = getConfig();
  // server.ts records the address it actually listens on (the port may be chosen at start).
  const url =
    config.PUBLIC_URL ?? process.env.OFFERLINK_LISTEN_URL ?? `http://localhost:${config.PORT}`;
  return url.replace(/\/$/, '');
}

/**
 * True while the public URL names this computer (localhost, *.localhost, a loopback address,
 * 0.0.0.0): tracking links and emailed sign-in links then open for nobody else.
 */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '0.0.0.0' ||
    host === '::1' ||
    host === '::'
  );
}
