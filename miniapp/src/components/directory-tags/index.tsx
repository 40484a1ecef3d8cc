import { Text, View } from '@tarojs/components';
import './index.scss';

export interface DirectoryTagsProps {
  tags: string[];
  tone?: 'primary' | 'success' | 'neutral';
}

/** A wrapping row of small tags (industry fields, expertise, aliases). */
export function DirectoryTags({ tags, tone = 'primary' }: DirectoryTagsProps) {
  if (tags.length === 0) return null;
  return (
    <View className="ah-directory-tags">
      {tags.map((tag) => (
        <Text key={tag} className={`ah-directory-tags__tag ah-directory-tags__tag--${tone}`}>
          {tag}
        </Text>
      ))}
    </View>
  );
}
