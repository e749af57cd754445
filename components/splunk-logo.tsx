/** A simple Splunk mark (a ">" chevron on black, as Splunk's wordmark ends), drawn inline so it works offline. */
export function SplunkLogo({ className = "h-6 w-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} role="img" aria-label="Splunk">
      <rect width="32" height="32" rx="6" fill="#1A1C20" />
      <path
        fill="none"
        stroke="#65A637"
        strokeWidth="4"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M11 9l11 7-11 7"
      />
    </svg>
  );
}
