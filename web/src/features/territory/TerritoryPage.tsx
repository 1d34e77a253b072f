import {
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Row,
  Space,
  Spin,
  Switch,
  Tag,
  Tooltip,
  Tree,
  Typography,
  type DescriptionsProps,
  type TreeDataNode,
} from 'antd';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorText } from '../../lib/forms.ts';
import { dateTime, orDash } from '../../lib/format.ts';
import { useLabels } from '../../lib/labels.ts';
import type { TreeNode } from '../../lib/types.ts';
import { useIsMobile } from '../../lib/useIsMobile.ts';
import { useSession, useUser } from '../auth/session.tsx';
import { useTerritory, useTerritoryTree } from './api.ts';
import { AddChildModal, childKinds, CloseModal, EditModal, MoveModal } from './TerritoryModals.tsx';
import { ancestorIds, subtreeUnitCount, type TreeIndex } from './tree.ts';

type Item = TreeDataNode & { node: TreeNode; children?: Item[] };
type ModalKind = 'child' | 'edit' | 'move' | 'close';

const KIND_COLORS: Record<string, string> = {
  district: 'red',
  county_city: 'red',
  street: 'volcano',
  township: 'volcano',
  building: 'blue',
  market: 'gold',
  park: 'green',
  community: 'cyan',
  village: 'lime',
};

function highlight(text: string, needle: string): ReactNode {
  if (!needle) return text;
  const i = text.toLowerCase().indexOf(needle.toLowerCase());
  if (i < 0) return text;
  return (
    <>
      {text.slice(0, i)}
      <mark style={{ padding: 0, background: '#ffe58f' }}>{text.slice(i, i + needle.length)}</mark>
      {text.slice(i + needle.length)}
    </>
  );
}

/** antd tree data from the index: only `visible` nodes (all when null). */
function treeData(index: TreeIndex, visible: Set<number> | null): Item[] {
  const build = (n: TreeNode): Item => {
    const kids = (index.children.get(n.id) ?? []).filter((c) => !visible || visible.has(c.id));
    return { key: n.id, title: n.name, node: n, isLeaf: kids.length === 0, ...(kids.length > 0 && { children: kids.map(build) }) };
  };
  return index.roots.filter((r) => !visible || visible.has(r.id)).map(build);
}

export function TerritoryPage() {
  const { t } = useTranslation();
  const { l } = useLabels();
  const { can } = useSession();
  const user = useUser();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [showClosed, setShowClosed] = useState(false);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [modal, setModal] = useState<ModalKind | null>(null);
  const detailsRef = useRef<HTMLDivElement>(null);

  const tree = useTerritoryTree(showClosed);
  const { index } = tree;
  const selectedId = Number(params.get('node')) || null;
  const detail = useTerritory(selectedId);
  const node = detail.data;
  const treeNode = selectedId !== null ? index.byId.get(selectedId) : undefined;

  // First view: the root and its streets open.
  useEffect(() => {
    if (expanded === null && index.roots.length) {
      setExpanded(index.roots.flatMap((r) => [r.id, ...(index.children.get(r.id) ?? []).map((c) => c.id)]));
    }
  }, [expanded, index]);

  const needle = search.trim();
  const matches = useMemo(() => {
    if (!needle) return null;
    const lower = needle.toLowerCase();
    const hit = [...index.byId.values()].filter((n) => n.name.toLowerCase().includes(lower));
    const visible = new Set<number>();
    for (const n of hit) {
      visible.add(n.id);
      for (const a of ancestorIds(index, n.id)) visible.add(a);
    }
    return { visible, open: [...new Set(hit.flatMap((n) => ancestorIds(index, n.id)))] };
  }, [needle, index]);

  const data = useMemo(() => treeData(index, matches?.visible ?? null), [index, matches]);

  function select(id: number | null) {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('node');
    else next.set('node', String(id));
    setParams(next, { replace: true });
    if (id !== null && isMobile) setTimeout(() => detailsRef.current?.scrollIntoView({ behavior: 'smooth' }), 50);
  }

  const canWrite = can('territory.write');
  const isScopeRoot = !!node && node.path === user.scope.territoryPath;
  const isOpen = node?.status === 'active';
  const kinds = node ? childKinds(node.kind) : [];

  const actions = node && canWrite && (
    <Space wrap size={8}>
      <Tooltip title={!isOpen ? t('territory.isClosed') : kinds.length === 0 ? t('territory.noChildKinds') : undefined}>
        <Button icon={<PlusOutlined />} type="primary" disabled={!isOpen || kinds.length === 0} onClick={() => setModal('child')} data-testid="territory-add-child">
          {t('territory.addChild')}
        </Button>
      </Tooltip>
      {[
        { key: 'edit' as const, icon: <EditOutlined />, text: t('territory.edit') },
        { key: 'move' as const, icon: <DragOutlined />, text: t('territory.move') },
        { key: 'close' as const, icon: <StopOutlined />, text: t('territory.close'), danger: true },
      ].map((a) => (
        <Tooltip key={a.key} title={isScopeRoot ? t('territory.ownScopeRoot') : !isOpen ? t('territory.isClosed') : undefined}>
          <Button icon={a.icon} danger={a.danger ?? false} disabled={isScopeRoot || !isOpen} onClick={() => setModal(a.key)} data-testid={`territory-${a.key}`}>
            {a.text}
          </Button>
        </Tooltip>
      ))}
    </Space>
  );

  const parentName = node?.parentId ? index.byId.get(node.parentId)?.name : undefined;
  const items: DescriptionsProps['items'] = node
    ? [
        { key: 'kind', label: t('territory.field.kind'), children: <Tag color={KIND_COLORS[node.kind]}>{l('territoryKind', node.kind)}</Tag> },
        {
          key: 'status',
          label: t('territory.field.status'),
          children: <Tag color={node.status === 'active' ? 'green' : 'default'}>{l('territoryStatus', node.status)}</Tag>,
        },
        { key: 'parent', label: t('territory.field.parent'), children: orDash(parentName ?? (node.parentId ? `#${node.parentId}` : null)) },
        { key: 'code', label: t('territory.field.code'), children: orDash(node.code) },
        { key: 'address', label: t('territory.field.address'), children: orDash(node.address), span: 'filled' as const },
        { key: 'lng', label: t('territory.field.lng'), children: orDash(node.lng) },
        { key: 'lat', label: t('territory.field.lat'), children: orDash(node.lat) },
        { key: 'unitsDirect', label: t('territory.field.unitsDirect'), children: treeNode?.unitCount ?? 0 },
        {
          key: 'unitsSubtree',
          label: t('territory.field.unitsSubtree'),
          children: (
            <Space>
              {index.byId.has(node.id) ? subtreeUnitCount(index, node.id) : 0}
              <Link to={`/units?territoryId=${node.id}`} data-testid="territory-view-units">
                <UnorderedListOutlined /> {t('territory.viewUnits')}
              </Link>
            </Space>
          ),
        },
        ...(node.status === 'closed'
          ? [
              { key: 'closedAt', label: t('territory.field.closedAt'), children: dateTime(node.closedAt) },
              { key: 'closedReason', label: t('territory.field.closedReason'), children: orDash(node.closedReason) },
            ]
          : []),
        { key: 'createdAt', label: t('territory.field.createdAt'), children: dateTime(node.createdAt) },
        { key: 'updatedAt', label: t('territory.field.updatedAt'), children: dateTime(node.updatedAt) },
      ]
    : [];

  const bigTree = index.byId.size > 300;

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('territory.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card
            title={t('territory.tree')}
            size="small"
            extra={
              <Space size={6}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('territory.showClosed')}
                </Typography.Text>
                <Switch size="small" checked={showClosed} onChange={setShowClosed} data-testid="territory-show-closed" />
              </Space>
            }
          >
            <Input.Search
              allowClear
              placeholder={t('territory.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 8 }}
              data-testid="territory-search"
            />
            {tree.isPending ? (
              <Spin style={{ display: 'block', padding: 24 }} />
            ) : tree.isError ? (
              <Alert type="error" showIcon title={errorText(tree.error)} />
            ) : data.length === 0 ? (
              <Empty description={t('territory.empty')} />
            ) : (
              <Tree<Item>
                data-testid="territory-tree"
                treeData={data}
                blockNode
                showLine={{ showLeafIcon: false }}
                {...(bigTree && { height: isMobile ? 420 : 640 })}
                expandedKeys={matches ? matches.open : (expanded ?? [])}
                onExpand={(keys) => {
                  if (!matches) setExpanded(keys.map(Number));
                }}
                selectedKeys={selectedId !== null ? [selectedId] : []}
                onSelect={(keys) => select(keys.length ? Number(keys[0]) : null)}
                titleRender={(item) => {
                  const n = item.node;
                  return (
                    <span data-testid={`tree-node-${n.id}`} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
                      <span style={n.status === 'closed' ? { color: 'rgba(0,0,0,.35)', textDecoration: 'line-through' } : undefined}>
                        {highlight(n.name, needle)}
                      </span>
                      <Tag color={KIND_COLORS[n.kind]} style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>
                        {l('territoryKind', n.kind)}
                      </Tag>
                      {n.unitCount > 0 && (
                        <Tooltip title={t('territory.unitsTitle')}>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('territory.units', { count: n.unitCount })}
                          </Typography.Text>
                        </Tooltip>
                      )}
                    </span>
                  );
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <div ref={detailsRef}>
            <Card
              size="small"
              data-testid="territory-details"
              title={node ? node.name : t('territory.title')}
            >
              {selectedId === null ? (
                <Empty description={t('territory.pickNode')} />
              ) : detail.isPending ? (
                <Spin style={{ display: 'block', padding: 24 }} />
              ) : detail.isError ? (
                <Alert type="error" showIcon title={errorText(detail.error)} />
              ) : (
                <>
                  {actions && <div style={{ marginBottom: 12 }}>{actions}</div>}
                  <Descriptions items={items} column={isMobile ? 1 : 2} size="small" bordered />
                </>
              )}
            </Card>
          </div>
        </Col>
      </Row>
      {node && modal === 'child' && (
        <AddChildModal
          node={node}
          onClose={() => setModal(null)}
          onCreated={(id) => {
            setExpanded((e) => [...new Set([...(e ?? []), node.id])]);
            select(id);
          }}
        />
      )}
      {node && modal === 'edit' && <EditModal node={node} onClose={() => setModal(null)} />}
      {node && modal === 'move' && <MoveModal node={node} index={index} onClose={() => setModal(null)} />}
      {node && modal === 'close' && <CloseModal node={node} onClose={() => setModal(null)} />}
    </>
  );
}
