import { useState } from 'react';
import { toast } from '../lib/notify';
import { Icon } from './Icon';

/** Puts text on the clipboard (a path, an id); says "Copied" for a moment. Its name starts with what it shows (WCAG 2.5.3). */
export function CopyButton({ text, label, what }: { text: string; label: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // No clipboard permission (an insecure origin, a denied prompt): the text is shown to copy by hand.
      toast.info(`Copy the ${what} by hand: ${text}`);
    }
  };
  return (
    <button type="button" className="btn btn-small" onClick={() => void copy()} aria-label={`${copied ? 'Copied' : 'Copy path'}: ${label}`} title={text}>
      <Icon name={copied ? 'check' : 'file'} size={14} /> {copied ? 'Copied' : 'Copy path'}
    </button>
  );
}
