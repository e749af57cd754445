/** A simple Datadog mark (purple dog-head silhouette), drawn inline so it works offline. */
export function DatadogLogo({ className = "h-6 w-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} role="img" aria-label="Datadog">
      <rect width="32" height="32" rx="6" fill="#632CA6" />
      <path
        fill="#fff"
        d="M9 10.5 12.5 8l2.2 2.6h2.6L19.5 8 23 10.5l-1.2 4.3c.8 1.1 1.2 2.4 1.2 3.7 0 3.6-3.1 6.5-7 6.5s-7-2.9-7-6.5c0-1.3.4-2.6 1.2-3.7L9 10.5Zm4.6 7.1a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2Zm4.8 0a1.1 1.1 0 1 0 0-2.2 1.1 1.1 0 0 0 0 2.2ZM16 22.4c1.2 0 2-.8 2-1.6h-4c0 .8.8 1.6 2 1.6Z"
      />
    </svg>
  );
}
