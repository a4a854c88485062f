import { Button, Heading, Section, Text } from '@react-email/components';
import { buttonStyle, EmailLayout } from './components';

export interface StatementPaidEmailProps {
  creatorName: string;
  brandName: string;
  /** The amount paid, formatted for people ("$1,234.50"). */
  amount: string;
  /** The months the payment settles ("December 2026", "November 2026 and December 2026"). */
  period: string;
  /**
   * Clawbacks deducted from this payment (reversals of sales already paid), formatted ("$6.88"),
   * or null.
   */
  deducted?: string | null;
  /** The payment date as the brand gave it ("December 3, 2026"). */
  paidOn: string;
  /** "PayPal", "Bank transfer" or "Other". */
  method: string;
  /** The brand's payment reference (a PayPal batch id, a bank reference), if any. */
  reference: string | null;
  /** Where the creator sees their payment history (a single-use sign-in link). */
  dashboardUrl: string;
  expiresInDays: number;
}

/** Tells a creator that a brand has paid their statement. */
export default function StatementPaidEmail({
  creatorName,
  brandName,
  amount,
  period,
  deducted,
  paidOn,
  method,
  reference,
  dashboardUrl,
  expiresInDays,
}: StatementPaidEmailProps) {
  const row = (label: string, value: string) => (
    <Text style={{ margin: '2px 0', fontSize: '14px' }}>
      <span style={{ color: '#475569' }}>{label}: </span>
      <strong>{value}</strong>
    </Text>
  );
  return (
    <EmailLayout preview={`${brandName} paid you ${amount}`}>
      <Heading as="h1" style={{ fontSize: '20px' }}>
        Hi {creatorName}, you were paid
      </Heading>
      <Text>
        {brandName} has paid your commissions for {period}: <strong>{amount}</strong>.
        {deducted
          ? ` That is after ${deducted} taken back for sales of yours that were refunded after they were paid.`
          : null}
      </Text>
      <Section
        style={{
          backgroundColor: '#f1f5f9',
          borderRadius: '6px',
          padding: '12px 16px',
          margin: '16px 0',
        }}
      >
        {row('Amount', amount)}
        {row('Period', period)}
        {deducted ? row('Clawbacks deducted', deducted) : null}
        {row('Paid on', paidOn)}
        {row('Method', method)}
        {reference ? row('Reference', reference) : null}
      </Section>
      <Text>
        Depending on the method, the money may take a few days to reach your account. See every
        commission in this payment in your Affiliate Performance Dashboard:
      </Text>
      <Button href={dashboardUrl} style={buttonStyle}>
        See my payment history
      </Button>
      <Text style={{ color: '#4b5563', fontSize: '13px' }}>
        The dashboard link works once and expires in {expiresInDays} days. Questions about this
        payment? Reply to {brandName} directly.
      </Text>
    </EmailLayout>
  );
}

StatementPaidEmail.PreviewProps = {
  creatorName: 'Maya Lopez',
  brandName: 'Glow Skincare',
  amount: '$1,234.50',
  period: 'November 2026',
  paidOn: 'December 3, 2026',
  method: 'PayPal',
  reference: 'PAYOUT-BATCH-7F3K2',
  dashboardUrl: 'http://localhost:3000/creator/sign-in/abc123',
  expiresInDays: 7,
} satisfies StatementPaidEmailProps;
