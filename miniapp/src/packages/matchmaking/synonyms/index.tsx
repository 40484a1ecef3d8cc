import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { SynonymCreateBody, type SynonymGroupView } from '@alliance-hub/types';
import { PageShell } from '../../../components/page-shell';
import {
  createSynonymGroup,
  deleteSynonymGroup,
  listSynonyms,
  updateSynonymGroup,
} from '../../../services/matching';
import { useSession } from '../../../stores/session-store';
import { ApiError } from '../../../utils/api-error';
import '../matchmaking.scss';
import './index.scss';

/** Terms typed as one line: 、，, ; or spaces between them. */
const splitTerms = (line: string) =>
  line
    .split(/[、，,;；\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);

const messageOf = (failure: unknown, fallback: string) =>
  failure instanceof ApiError ? failure.message : fallback;

/**
 * 同义词表 (staff; the secretariat edits): groups of words that mean the same thing to matching,
 * e.g. 锂离子电池 = 锂电 = 锂电池. The first word is the standard name shown in explanations.
 * Changes reach matching within a minute on every server.
 */
export default function SynonymsPage() {
  const session = useSession();
  const mayEdit = session.user?.role === 'secretariat';
  const [q, setQ] = useState('');
  const [items, setItems] = useState<SynonymGroupView[] | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (search: string) => {
    setError(null);
    try {
      setItems((await listSynonyms(search || undefined)).items);
    } catch (failure) {
      setError({ message: messageOf(failure, '同义词表加载失败') });
    }
  }, []);

  useEffect(() => {
    void load('');
  }, [load]);

  const add = async () => {
    const parsed = SynonymCreateBody.safeParse({ terms: splitTerms(draft) });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '请检查输入');
    setBusy(true);
    try {
      const created = await createSynonymGroup(parsed.data);
      setItems((list) => [...(list ?? []), created]);
      setDraft('');
      setProblem(null);
      void Taro.showToast({ title: '已添加', icon: 'success' });
    } catch (failure) {
      setProblem(messageOf(failure, '保存失败，请稍后重试'));
    } finally {
      setBusy(false);
    }
  };

  const save = async (group: SynonymGroupView) => {
    if (!editing) return;
    setBusy(true);
    try {
      const saved = await updateSynonymGroup(group.id, {
        terms: splitTerms(editing.text),
        version: group.version,
      });
      setItems((list) => list?.map((g) => (g.id === saved.id ? saved : g)) ?? null);
      setEditing(null);
    } catch (failure) {
      void Taro.showModal({
        title: '没有保存',
        content: messageOf(failure, '保存失败，请稍后重试'),
        showCancel: false,
      });
      if (failure instanceof ApiError && failure.status === 409) void load(q);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (group: SynonymGroupView) => {
    const { confirm } = await Taro.showModal({
      title: '删除这组同义词？',
      content: `${group.terms.join('、')}\n删除后匹配不再把它们当作同一个词。`,
      confirmText: '删除',
      cancelText: '保留',
    });
    if (!confirm) return;
    try {
      await deleteSynonymGroup(group.id);
      setItems((list) => list?.filter((g) => g.id !== group.id) ?? null);
    } catch (failure) {
      void Taro.showToast({ title: messageOf(failure, '删除失败'), icon: 'none' });
    }
  };

  return (
    <View className="ah-page ah-syn">
      <Text className="ah-syn__intro">
        同一组里的词在匹配时视为同一个词（如“锂电”与“锂离子电池”）。每组第一个词是标准名称。修改在一分钟内生效。
      </Text>
      <Input
        className="ah-syn__search"
        value={q}
        placeholder="查找词语，如 PVD"
        confirmType="search"
        onInput={(event) => setQ(event.detail.value)}
        onConfirm={() => void load(q)}
      />
      {mayEdit ? (
        <View className="ah-card ah-syn__add">
          <Text className="ah-card__title">添加一组</Text>
          <Input
            className="ah-syn__input"
            value={draft}
            placeholder="标准名称、同义词、简称，用顿号或空格分隔"
            onInput={(event) => setDraft(event.detail.value)}
          />
          {problem ? <Text className="ah-syn__problem">{problem}</Text> : null}
          <Button className="ah-mm__button" disabled={busy || undefined} onClick={() => void add()}>
            添加
          </Button>
        </View>
      ) : null}
      <PageShell
        loading={!items && !error}
        error={error}
        errorTitle="加载失败"
        onRetry={() => void load(q)}
        empty={items?.length === 0}
        emptyState={{
          title: q ? `没有包含“${q}”的同义词组` : '同义词表还是空的',
          hint: mayEdit ? '在上方添加第一组' : '请秘书处添加',
        }}
      >
        {items?.map((group) => (
          <View key={group.id} className="ah-card ah-syn__group">
            {editing?.id === group.id ? (
              <>
                <Input
                  className="ah-syn__input"
                  value={editing.text}
                  onInput={(event) => setEditing({ id: group.id, text: event.detail.value })}
                />
                <View className="ah-syn__actions">
                  <Text className="ah-syn__link" onClick={() => setEditing(null)}>
                    取消
                  </Text>
                  <Text className="ah-syn__link" onClick={() => void save(group)}>
                    保存
                  </Text>
                </View>
              </>
            ) : (
              <>
                <View className="ah-syn__terms">
                  {group.terms.map((term, index) => (
                    <Text key={term} className={`ah-syn__term${index === 0 ? ' ah-syn__term--main' : ''}`}>
                      {term}
                    </Text>
                  ))}
                </View>
                {mayEdit ? (
                  <View className="ah-syn__actions">
                    <Text
                      className="ah-syn__link"
                      onClick={() => setEditing({ id: group.id, text: group.terms.join('、') })}
                    >
                      编辑
                    </Text>
                    <Text className="ah-syn__link ah-syn__link--danger" onClick={() => void remove(group)}>
                      删除
                    </Text>
                  </View>
                ) : null}
              </>
            )}
          </View>
        ))}
      </PageShell>
    </View>
  );
}
