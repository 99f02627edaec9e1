import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';

const LINE_HEIGHT = 20;

/**
 * Text with line numbers. Virtualized: a 1 MiB file is tens of thousands of lines, and only the
 * ones on screen (plus a margin) are in the DOM.
 */
export function CodeView({ text }: { text: string }) {
  const lines = useMemo(() => {
    const all = text.split(/\r?\n/);
    // A final newline does not start another line worth numbering.
    if (all.length > 1 && all[all.length - 1] === '') all.pop();
    return all;
  }, [text]);
  // Rows are absolutely placed, so the scroll width comes from the longest line, measured in ch.
  const widthCh = useMemo(() => lines.reduce((m, l) => Math.max(m, l.length + (l.match(/\t/g)?.length ?? 0)), 0), [lines]);
  const gutterCh = String(lines.length).length + 2;
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: lines.length, getScrollElement: () => scrollRef.current, estimateSize: () => LINE_HEIGHT, overscan: 30 });

  return (
    <div className="viewer-body code-scroll" ref={scrollRef} data-testid="code-view" tabIndex={0} aria-label={`File text, ${lines.length} lines`}>
      <div className="code" style={{ height: v.getTotalSize(), width: `calc(${widthCh + gutterCh}ch + 64px)` }}>
        {v.getVirtualItems().map((item) => (
          <div key={item.key} className="code-line" data-line={item.index + 1} style={{ transform: `translateY(${item.start}px)`, height: LINE_HEIGHT }}>
            <span className="code-num" style={{ width: `calc(${gutterCh}ch + 12px)` }}>
              {item.index + 1}
            </span>
            <span className="code-text">{lines[item.index]}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
