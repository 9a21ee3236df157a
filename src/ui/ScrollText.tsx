/**
 * Monospace text that may scroll (kubectl tables, YAML, configuration): a labelled region that is
 * a Tab stop, so keyboard users can scroll it too.
 */
export function ScrollText({
  label,
  text,
  className = "",
}: {
  label: string;
  text: string;
  className?: string;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
    <section className={`scroll-text ${className}`} aria-label={label} tabIndex={0}>
      <pre>{text}</pre>
    </section>
  );
}
