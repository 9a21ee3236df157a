/** Drawn, not font glyphs: media symbols are missing from many system fonts. */
const PATHS = {
  play: "M8 5.5v13l10.5-6.5z",
  pause: "M7 5h3.5v14H7zM13.5 5H17v14h-3.5z",
  previous: "M6 5h2.5v14H6zM19 5.5v13L9.5 12z",
  next: "M15.5 5H18v14h-2.5zM5 5.5v13L14.5 12z",
} as const;

export function PlaybackIcon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="currentColor">
      <path d={PATHS[name]} />
    </svg>
  );
}
