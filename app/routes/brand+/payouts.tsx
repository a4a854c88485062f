import { Outlet } from '@remix-run/react';
import { PageHeader } from '~/components/ui/layout';
import { Tabs } from '~/components/ui/tabs';

const tabs = [
  { to: '/brand/payouts', label: 'Amounts due', end: true },
  { to: '/brand/payouts/statements', label: 'Statements' },
  { to: '/brand/payouts/paypal', label: 'PayPal files' },
] as const;

/** The Payouts section: what is owed, the statements, and the PayPal mass-payout files. */
export default function PayoutsLayout() {
  return (
    <>
      <PageHeader
        title="Payouts"
        description="Commissions become statements (one per member, month and currency) once approved. Pay them, mark them paid, and the creator is told."
      />
      <Tabs label="Payouts sections" tabs={tabs} />
      <Outlet />
    </>
  );
}
