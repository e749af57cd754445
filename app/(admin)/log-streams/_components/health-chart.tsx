"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HealthRange } from "@/lib/health/ranges";
import type { HealthPoint } from "@/lib/health/summary";

function tickLabel(iso: string, range: HealthRange): string {
  const date = new Date(iso);
  return range === "7d" ? date.toLocaleDateString(undefined, { weekday: "short", hour: "2-digit" }) : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

export function HealthChart({ series, range }: { series: HealthPoint[]; range: HealthRange }) {
  return (
    <div className="mt-6 h-56" data-testid="health-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={series} margin={{ left: -20 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis dataKey="at" tickFormatter={(v: string) => tickLabel(v, range)} tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="delivered" name="Delivered" stackId="a" fill="#6366f1" isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="a" fill="#ef4444" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
