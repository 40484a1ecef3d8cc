import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { overLimitMessage } from '../../utils/text-limit';
import './index.scss';

export interface FormFieldProps {
  label: string;
  required?: boolean;
  /** The problem with this field, from client-side validation or the server's error details. */
  error?: string | null;
  hint?: string;
  /**
   * The schema's length limit for a text field, with the field's `value`. Inputs never cut what
   * people type (a silent cut loses the end of a sentence); the field says how far over it is
   * instead, and the schema refuses it on submit.
   */
  limit?: number;
  value?: string;
  children: ReactNode;
}

/** One labelled form row; shows the error next to the field it names. */
export function FormField({ label, required, error, hint, limit, value, children }: FormFieldProps) {
  const problem = (limit !== undefined && overLimitMessage(value ?? '', limit)) || error;
  return (
    <View className={`ah-form-field${problem ? ' ah-form-field--invalid' : ''}`}>
      <Text className="ah-form-field__label">
        {label}
        {required ? <Text className="ah-form-field__required"> *</Text> : null}
      </Text>
      <View className="ah-form-field__control">{children}</View>
      {problem ? (
        <Text className="ah-form-field__error">{problem}</Text>
      ) : hint ? (
        <Text className="ah-form-field__hint">{hint}</Text>
      ) : null}
    </View>
  );
}
