import { Outlet } from '@remix-run/react';

export default function AuthLayout() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <a href="/" className="mb-8 flex items-center gap-2 text-xl font-bold text-slate-900">
        <span aria-hidden className="inline-block h-7 w-7 rounded-md bg-brand-600" />
        Offerlink
      </a>
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <Outlet />
      </div>
    </main>
  );
}
