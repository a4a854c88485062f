import type { ReactNode } from 'react';
import { Card } from '~/components/ui/layout';

/** One section of the offer form: a card with a heading. */
export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-4 space-y-5">{children}</div>
    </Card>
  );
}
