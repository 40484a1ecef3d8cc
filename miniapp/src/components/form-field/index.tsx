import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.scss';

export interface FormFieldProps {
  label: string;
  required?: boolean;
  /** The problem with this field, from client-side validation or the server's error details. */
  error?: string | null;
  hint?: string;
  children: ReactNode;
}

/** One labelled form row; shows the error next to the field it names. */
export function FormField({ label, required, error, hint, children }: FormFieldProps) {
  return (
    <View className={`ah-form-field${error ? ' ah-form-field--invalid' : ''}`}>
      <Text className="ah-form-field__label">
        {label}
        {required ? <Text className="ah-form-field__required"> *</Text> : null}
      </Text>
      <View className="ah-form-field__control">{children}</View>
      {error ? (
        <Text className="ah-form-field__error">{error}</Text>
      ) : hint ? (
        <Text className="ah-form-field__hint">{hint}</Text>
      ) : null}
    </View>
  );
}
