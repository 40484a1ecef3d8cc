import { useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { z } from '@alliance-hub/types';
import { FormField } from '../../../components/form-field';
import { NO_CUT } from '../../../utils/text-limit';

export interface TextSheetProps {
  title: string;
  label: string;
  placeholder: string;
  /** The contract's schema for this text (a reject reason, a selection note), so limits match the server. */
  schema: z.ZodType<unknown>;
  limit: number;
  required?: boolean;
  confirmText: string;
  busy?: boolean;
  /** A server message to show at the field (e.g. a 400 about this text). */
  error?: string | null;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/** An inline sheet asking for one short text: a rejection reason, a 点菜 note. */
export function TextSheet(props: TextSheetProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const value = text.trim();
    if (!value && !props.required) return props.onSubmit('');
    const parsed = props.schema.safeParse(value);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? '请检查输入');
      return;
    }
    props.onSubmit(value);
  };
  return (
    <View className="ah-card ah-mm-sheet" role="dialog" aria-label={props.title}>
      <Text className="ah-card__title">{props.title}</Text>
      <FormField
        label={props.label}
        required={props.required}
        error={problem ?? props.error}
        limit={props.limit}
        value={text}
      >
        <Textarea
          className="ah-mm-sheet__input"
          value={text}
          placeholder={props.placeholder}
          maxlength={NO_CUT}
          autoHeight
          aria-label={props.label}
          onInput={(event) => {
            setText(event.detail.value);
            setProblem(null);
          }}
        />
      </FormField>
      <View className="ah-mm__actions">
        <Button className="ah-mm__button ah-mm__button--ghost" onClick={props.onCancel}>
          取消
        </Button>
        <Button className="ah-mm__button" disabled={props.busy || undefined} onClick={submit}>
          {props.busy ? '提交中…' : props.confirmText}
        </Button>
      </View>
    </View>
  );
}
