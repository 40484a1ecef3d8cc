import { Text, View } from '@tarojs/components';
import type { PersonSummaryView } from '@alliance-hub/types';
import './index.scss';

export interface DirectoryPersonRowProps {
  person: PersonSummaryView;
  onClick: (person: PersonSummaryView) => void;
  /** Hide the organization line, e.g. on that organization's own page. */
  hideOrganization?: boolean;
  /** Expertise tags shown before "+N". */
  maxTags?: number;
}

/** One person in a list: name, title, organization, expertise tags. */
export function DirectoryPersonRow({
  person,
  onClick,
  hideOrganization,
  maxTags = 4,
}: DirectoryPersonRowProps) {
  const tags = person.expertise.slice(0, maxTags);
  const more = person.expertise.length - tags.length;
  return (
    <View className="ah-person-row" role="link" data-person-id={person.id} onClick={() => onClick(person)}>
      <View className="ah-person-row__avatar">
        <Text>{person.name.slice(0, 1)}</Text>
      </View>
      <View className="ah-person-row__body">
        <View className="ah-person-row__head">
          <Text className="ah-person-row__name">{person.name}</Text>
          {person.title ? <Text className="ah-person-row__title">{person.title}</Text> : null}
        </View>
        {!hideOrganization && person.organization ? (
          <Text className="ah-person-row__org">{person.organization.name}</Text>
        ) : null}
        {tags.length > 0 ? (
          <View className="ah-person-row__tags">
            {tags.map((tag) => (
              <Text key={tag} className="ah-person-row__tag">
                {tag}
              </Text>
            ))}
            {more > 0 ? <Text className="ah-person-row__more">+{more}</Text> : null}
          </View>
        ) : null}
      </View>
    </View>
  );
}
