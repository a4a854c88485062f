import type { ReactNode } from 'react';

/** The narrow card of the creator portal's sign-in pages, at home on a phone. */
export function CreatorCard({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto max-w-md px-4 py-10 sm:py-20">
      <p className="mb-4 flex items-center justify-center gap-2 font-bold text-slate-900">
        <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-600" />
        Offerlink for creators
      </p>
      <div className="rounded-lg bg-white p-6 text-center shadow-sm ring-1 ring-slate-200 sm:p-8">
        {children}
      </div>
    </main>
  );
}
