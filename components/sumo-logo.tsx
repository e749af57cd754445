/** A simple Sumo Logic lettermark (white "S" on Sumo's navy), drawn inline so it works offline. */
export function SumoLogo({ className = "h-6 w-6" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} role="img" aria-label="Sumo Logic">
      <rect width="32" height="32" rx="6" fill="#000099" />
      <text
        x="16"
        y="22.5"
        textAnchor="middle"
        fontFamily="Arial, Helvetica, sans-serif"
        fontSize="18"
        fontWeight="700"
        fill="#fff"
      >
        S
      </text>
    </svg>
  );
}
