import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireBrandRole } from '~/auth/permissions.server';
import { buttonClass } from '~/components/ui/button';
import { Card, PageHeader } from '~/components/ui/layout';
import { findOutboxEmail } from '~/email/outbox.server';
import { invariantResponse } from '~/http.server';

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.email.subject ?? 'Email'} · Outbox · Offerlink` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { brand } = await requireBrandRole(request, 'read');
  const email = await findOutboxEmail(brand.id, params.emailId ?? '');
  invariantResponse(email, 'Email not found');
  return { email };
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={email.subject}
        actions={
          <Link to="/brand/outbox" className={buttonClass('secondary')}>
            Back to outbox
          </Link>
        }
      />
      <Card className="mb-6">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="text-slate-600">To</dt>
          <dd className="break-all">{email.to}</dd>
          <dt className="text-slate-600">From</dt>
          <dd className="break-all">{email.from}</dd>
          {email.replyTo ? (
            <>
              <dt className="text-slate-600">Reply-To</dt>
              <dd className="break-all">{email.replyTo}</dd>
            </>
          ) : null}
          <dt className="text-slate-600">Sent</dt>
          <dd>{dateTime.format(new Date(email.createdAt))} UTC</dd>
          <dt className="text-slate-600">Transport</dt>
          <dd>
            {email.transport === 'resend'
              ? `Resend${email.providerMessageId ? ` (${email.providerMessageId})` : ''}`
              : 'Local outbox (not delivered)'}
          </dd>
        </dl>
      </Card>
      <h2 className="mb-2 text-lg font-semibold">How it looks</h2>
      {/* sandbox="" : no scripts, no forms, no navigation of this page from the email. */}
      <iframe
        title="Email preview"
        sandbox=""
        src={`/brand/outbox/${email.id}/preview`}
        className="mb-6 h-[36rem] w-full rounded-lg bg-white ring-1 ring-slate-200"
      />
      <h2 className="mb-2 text-lg font-semibold">Text version</h2>
      <pre
        className="overflow-x-auto rounded-lg bg-white p-4 text-sm whitespace-pre-wrap ring-1 ring-slate-200"
        data-testid="email-text"
      >
        {email.text}
      </pre>
    </>
  );
}
