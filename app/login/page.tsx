import { redirect } from "next/navigation";
import { hasAdminSession } from "@/lib/auth/session";
import { LoginForm } from "./login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (await hasAdminSession()) redirect("/log-streams");
  const { next } = await searchParams;
  // Only a string is passed on: `?next=a&next=b` arrives as an array.
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-8 shadow-sm dark:border-gray-800 dark:bg-gray-900">
        <h1 className="text-xl font-semibold">Log Streams</h1>
        <p className="mt-1 mb-6 text-sm text-gray-600 dark:text-gray-400">Sign in as the admin user to manage your streams.</p>
        <LoginForm next={typeof next === "string" ? next : undefined} />
      </div>
    </main>
  );
}
