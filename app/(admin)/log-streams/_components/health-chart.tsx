"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HEALTH_RANGES, type HealthRange } from "@/lib/health/ranges";
import { Timestamp } from "@/components/timestamp";
import { formatCount } from "@/lib/format/count";
import { formatClock, formatTime, formatWeekdayClock } from "@/lib/format/time";
import type { HealthPoint } from "@/lib/health/summary";

const tickLabel = (iso: string, range: HealthRange) => (range === "7d" ? formatWeekdayClock(iso) : formatClock(iso));

/** The delivery chart, with its figures in words and as a table for those who cannot see it. */
export function HealthChart({ series, range }: { series: HealthPoint[]; range: HealthRange }) {
  const delivered = series.reduce((sum, p) => sum + p.delivered, 0);
  const failed = series.reduce((sum, p) => sum + p.failed, 0);
  const busy = series.filter((p) => p.delivered > 0 || p.failed > 0);
  return (
    <figure className="mt-6" data-testid="health-chart">
      {/* currentColor lets the axes and grid follow the light or dark text color. */}
      <div className="h-56 text-gray-600 dark:text-gray-400" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series} margin={{ left: -20 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="currentColor" strokeOpacity={0.25} />
            <XAxis
              dataKey="at"
              tickFormatter={(v: string) => tickLabel(v, range)}
              tick={{ fontSize: 11, fill: "currentColor" }}
              stroke="currentColor"
              minTickGap={24}
            />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "currentColor" }} stroke="currentColor" />
            <Tooltip labelFormatter={(v) => formatTime(String(v))} contentStyle={{ color: "#111827" }} />
            {/* Recharts colors the legend's words like the bars, too faint to read; they take the text color instead. */}
            <Legend
              wrapperStyle={{ fontSize: 12 }}
              formatter={(value: string) => <span className="text-gray-700 dark:text-gray-300">{value}</span>}
            />
            <Bar dataKey="delivered" name="Delivered" stackId="a" fill="#6366f1" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="a" fill="#ef4444" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-gray-700 dark:text-gray-300">
        {HEALTH_RANGES[range].label}: {formatCount(delivered)} delivered, {formatCount(failed)} failed. Times are UTC.
      </figcaption>
      {busy.length > 0 && (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-indigo-700 dark:text-indigo-300">Show the figures as a table</summary>
          <table className="mt-2 text-left">
            <caption className="sr-only">
              Deliveries per period, {HEALTH_RANGES[range].label.toLowerCase()}, periods without events left out
            </caption>
            <thead className="text-xs text-gray-600 dark:text-gray-400">
              <tr>
                <th className="py-1 pr-6 font-medium">Period from</th>
                <th className="py-1 pr-6 font-medium">Delivered</th>
                <th className="py-1 font-medium">Failed</th>
              </tr>
            </thead>
            <tbody>
              {busy.map((point) => (
                <tr key={point.at}>
                  <td className="py-0.5 pr-6">
                    <Timestamp at={point.at} />
                  </td>
                  <td className="py-0.5 pr-6">{formatCount(point.delivered)}</td>
                  <td className="py-0.5">{formatCount(point.failed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
