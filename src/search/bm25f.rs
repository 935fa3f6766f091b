//! quarry's own BM25F ranking: a tantivy [`Query`] over several fields with
//! one term-frequency saturation per query term.
//!
//! tantivy's BM25 is fixed at k1 = 1.2, b = 0.75 and scores each field on
//! its own, so a word in the title and the text is saturated twice and
//! summed. [`Bm25fQuery`] instead adds up, per query term, the term's
//! frequency in each field, weighted by the field's weight and divided by
//! the field's length normalisation,
//!
//! ```text
//! tf~(t, d) = Σ_f  w_f · tf(t, f, d) / (1 − b_f + b_f · len(f, d) / avglen(f))
//! score(d)  = Σ_t  q_t · idf(t) · (k1 + 1) · tf~(t, d) / (k1 + tf~(t, d))
//! ```
//!
//! where `q_t` is the query term's weight (1 for each distinct term, or
//! what feedback gives it) and `idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5))`
//! with `n` the largest document frequency of `t` over the fields. Lengths
//! are tantivy's field norms (the same one-byte approximation its BM25
//! uses), so with one field of weight 1, k1 = 1.2 and b = 0.75 the scores
//! are tantivy's.
//!
//! The scorer walks the postings of every (term, field) pair together,
//! document at a time.

use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// One field a [`Bm25fQuery`] searches: its weight and its length
/// normalisation `b` (0: none, 1: full).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeight {
    /// The field.
    pub field: Field,
    /// How much one occurrence in this field counts.
    pub weight: f32,
    /// Length normalisation.
    pub b: f32,
}

/// A bag of analysed terms scored with BM25F over several fields. Matches
/// every document holding any of the terms in any of the fields.
#[derive(Clone, PartialEq)]
pub struct Bm25fQuery {
    k1: f32,
    fields: Vec<FieldWeight>,
    /// `Some(b)`: one length normalisation over the weighted sum of the
    /// fields' lengths, instead of one per field.
    joint: Option<f32>,
    /// How a term's document frequency is taken from its fields'.
    doc_freq: DocFreq,
    /// Analysed term texts with their query weights.
    terms: Vec<(String, f32)>,
}

impl fmt::Debug for Bm25fQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Bm25f(k1={}, {:?}, {:?})",
            self.k1, self.fields, self.terms
        )
    }
}

impl Bm25fQuery {
    /// A query for `terms` (analysed texts, each with its weight; terms with
    /// a weight of 0 or less are left out) in `fields`, with saturation `k1`.
    pub fn new(k1: f32, fields: Vec<FieldWeight>, terms: Vec<(String, f32)>) -> Bm25fQuery {
        let terms = terms.into_iter().filter(|(_, w)| *w > 0.0).collect();
        Bm25fQuery {
            k1: k1.max(0.0),
            fields,
            joint: None,
            doc_freq: DocFreq::Max,
            terms,
        }
    }

    /// Normalises by the weighted sum of the fields' lengths with `b`
    /// (each field's own `b` is then not used), as if the fields were one.
    pub fn with_joint_length(mut self, b: f32) -> Bm25fQuery {
        self.joint = Some(b);
        self
    }

    /// Takes document frequencies as `doc_freq` says.
    pub fn with_doc_freq(mut self, doc_freq: DocFreq) -> Bm25fQuery {
        self.doc_freq = doc_freq;
        self
    }

    /// The terms and their weights.
    pub fn terms(&self) -> &[(String, f32)] {
        &self.terms
    }
}

/// Which document frequency a term's idf uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocFreq {
    /// The largest over the fields.
    Max,
    /// The first field's.
    First,
    /// The sum over the fields (at most the number of documents).
    Sum,
}

/// Inverse document frequency, as tantivy computes it.
fn idf(doc_freq: u64, docs: u64) -> f32 {
    let n = doc_freq.min(docs) as f32;
    (1.0 + (docs as f32 - n + 0.5) / (n + 0.5)).ln()
}

impl Query for Bm25fQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let stats: Option<&dyn Bm25StatisticsProvider> = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let docs = match stats {
            Some(s) => s.total_num_docs()?,
            None => 0,
        };
        let mut norms = Vec::with_capacity(self.fields.len());
        let mut joint_avg = 0.0f32;
        for fw in &self.fields {
            let mut cache = [0.0f32; 256];
            if let Some(s) = stats {
                let tokens = s.total_num_tokens(fw.field)?;
                let avg = if docs > 0 && tokens > 0 {
                    tokens as f32 / docs as f32
                } else {
                    1.0
                };
                joint_avg += fw.weight * avg;
                for (id, slot) in cache.iter_mut().enumerate() {
                    let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
                    *slot = match self.joint {
                        // The weighted length, normalised in the scorer.
                        Some(_) => fw.weight * len,
                        None => fw.weight / (1.0 - fw.b + fw.b * len / avg),
                    };
                }
            }
            norms.push(cache);
        }
        let joint = self.joint.map(|b| Joint {
            b,
            avg: joint_avg.max(f32::MIN_POSITIVE),
            weights: self.fields.iter().map(|f| f.weight).collect(),
        });
        let mut terms = Vec::with_capacity(self.terms.len());
        for (text, q) in &self.terms {
            let mut doc_freq = 0;
            let per_field: Vec<Term> = self
                .fields
                .iter()
                .map(|fw| Term::from_field_text(fw.field, text))
                .collect();
            if let Some(s) = stats {
                for (i, term) in per_field.iter().enumerate() {
                    let n = s.doc_freq(term)?;
                    doc_freq = match self.doc_freq {
                        DocFreq::Max => doc_freq.max(n),
                        DocFreq::First if i == 0 => n,
                        DocFreq::First => doc_freq,
                        DocFreq::Sum => doc_freq + n,
                    };
                }
            }
            let weight = if stats.is_some() {
                q * idf(doc_freq, docs) * (self.k1 + 1.0)
            } else {
                0.0
            };
            terms.push((per_field, weight));
        }
        Ok(Box::new(Bm25fWeight {
            k1: self.k1,
            joint: joint.map(Arc::new),
            norms: Arc::new(norms),
            fields: self.fields.iter().map(|f| f.field).collect(),
            terms,
            scoring: stats.is_some(),
        }))
    }

    fn query_terms<'a>(&'a self, _visitor: &mut dyn FnMut(&'a Term, bool)) {}
}

/// One length normalisation over all fields: `b`, the weighted sum of the
/// fields' average lengths and the fields' weights.
struct Joint {
    b: f32,
    avg: f32,
    weights: Vec<f32>,
}

struct Bm25fWeight {
    k1: f32,
    joint: Option<Arc<Joint>>,
    /// Per field: `w_f / (1 − b_f + b_f · len / avglen)` by field-norm id
    /// (with a joint normalisation: `w_f · len`).
    norms: Arc<Vec<[f32; 256]>>,
    fields: Vec<Field>,
    /// Per query term: its term in each field and `q_t · idf · (k1 + 1)`.
    terms: Vec<(Vec<Term>, f32)>,
    scoring: bool,
}

impl Bm25fWeight {
    fn bm25f_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Bm25fScorer> {
        let option = if self.scoring {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let mut lists = Vec::new();
        let mut fieldnorms = Vec::with_capacity(self.fields.len());
        for (f, field) in self.fields.iter().enumerate() {
            let inverted = reader.inverted_index(*field)?;
            for (t, (terms, _)) in self.terms.iter().enumerate() {
                if let Some(info) = inverted.get_term_info(&terms[f])? {
                    let postings = inverted.read_postings_from_terminfo(&info, option)?;
                    lists.push(List {
                        postings,
                        term: t,
                        field: f,
                    });
                }
            }
            let norms = match reader.fieldnorms_readers().get_field(*field)? {
                Some(r) if self.scoring => r,
                _ => FieldNormReader::constant(reader.max_doc(), 1),
            };
            fieldnorms.push(norms);
        }
        // Lists of one term next to each other, so a document's frequencies
        // are summed term by term.
        lists.sort_by_key(|l| l.term);
        let mut scorer = Bm25fScorer {
            k1: self.k1,
            joint: self.joint.clone(),
            norms: self.norms.clone(),
            fieldnorms,
            weights: self.terms.iter().map(|(_, w)| w * boost).collect(),
            lists,
            doc: TERMINATED,
        };
        scorer.doc = scorer.lowest();
        Ok(scorer)
    }
}

impl Weight for Bm25fWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.bm25f_scorer(reader, boost)?;
        if scorer.lists.is_empty() {
            return Ok(Box::new(EmptyScorer));
        }
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.bm25f_scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("BM25F", scorer.score()))
    }
}

/// The postings of one query term in one field.
struct List {
    postings: SegmentPostings,
    term: usize,
    field: usize,
}

struct Bm25fScorer {
    k1: f32,
    joint: Option<Arc<Joint>>,
    norms: Arc<Vec<[f32; 256]>>,
    fieldnorms: Vec<FieldNormReader>,
    /// Per query term, `q_t · idf · (k1 + 1)` (times the boost).
    weights: Vec<f32>,
    /// Sorted by term.
    lists: Vec<List>,
    doc: DocId,
}

impl Bm25fScorer {
    fn lowest(&self) -> DocId {
        self.lists
            .iter()
            .map(|l| l.postings.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for Bm25fScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let doc = self.doc;
        let mut next = TERMINATED;
        for l in &mut self.lists {
            let mut d = l.postings.doc();
            if d == doc {
                d = l.postings.advance();
            }
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for l in &mut self.lists {
            let mut d = l.postings.doc();
            if d < target {
                d = l.postings.seek(target);
            }
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.lists
            .iter()
            .map(|l| l.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for Bm25fScorer {
    fn score(&mut self) -> Score {
        match self.joint.as_deref() {
            None => self.score_per_field(),
            Some(joint) => self.score_joint(joint),
        }
    }
}

impl Bm25fScorer {
    /// BM25F with one length normalisation over the weighted fields.
    fn score_joint(&self, joint: &Joint) -> Score {
        let doc = self.doc;
        let len: f32 = self
            .fieldnorms
            .iter()
            .enumerate()
            .map(|(f, r)| self.norms[f][r.fieldnorm_id(doc) as usize])
            .sum();
        let norm = 1.0 / (1.0 - joint.b + joint.b * len / joint.avg);
        self.saturate(|l| l.postings.term_freq() as f32 * joint.weights[l.field] * norm)
    }

    /// BM25F with each field normalised by its own length.
    fn score_per_field(&self) -> Score {
        let doc = self.doc;
        self.saturate(|l| {
            let id = self.fieldnorms[l.field].fieldnorm_id(doc);
            l.postings.term_freq() as f32 * self.norms[l.field][id as usize]
        })
    }

    /// Sums, over the query terms on the current document, the term's
    /// weight times the saturation of its pseudo-frequency: the sum of
    /// `field_tf` over the term's lists (one per field), which sit next to
    /// each other in `lists`.
    fn saturate(&self, field_tf: impl Fn(&List) -> f32) -> Score {
        let doc = self.doc;
        let mut score = 0.0;
        let mut term = usize::MAX;
        let mut tf = 0.0f32;
        for l in &self.lists {
            if l.postings.doc() != doc {
                continue;
            }
            if l.term != term {
                if tf > 0.0 {
                    score += self.weights[term] * tf / (self.k1 + tf);
                }
                term = l.term;
                tf = 0.0;
            }
            tf += field_tf(l);
        }
        if tf > 0.0 {
            score += self.weights[term] * tf / (self.k1 + tf);
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, IndexWriter, doc};

    /// Texts of varied lengths and term frequencies, in two segments.
    const TEXTS: &[&str] = &[
        "trade grew in the first half",
        "foreign trade trade trade and investment grew",
        "the port handles container trade for the whole region and more",
        "investment in ports",
        "nothing relevant here at all",
        "trade",
        "a long passage about many things: ports, ships, containers, cranes, \
         trade routes, customs, tariffs, investment funds and growth",
        "growth growth growth of investment",
    ];

    fn index() -> (Index, Field) {
        let mut b = Schema::builder();
        let text = b.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        for (i, t) in TEXTS.iter().enumerate() {
            w.add_document(doc!(text => *t)).expect("add");
            if i == 3 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        (index, text)
    }

    /// (score, doc) of every match, best first, ties by address.
    fn ranked(index: &Index, query: &dyn Query) -> Vec<(f32, (u32, u32))> {
        let searcher = index.reader().expect("reader").searcher();
        let mut top: Vec<(f32, (u32, u32))> = searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(s, a)| (s, (a.segment_ord, a.doc_id)))
            .collect();
        top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        top
    }

    #[test]
    fn one_field_at_tantivys_parameters_ranks_as_tantivy() {
        let (index, text) = index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        // "trade" twice: tantivy scores a repeated word twice, which a
        // BM25F term of weight 2 does too.
        for words in [
            vec!["trade"],
            vec!["trade", "investment"],
            vec!["growth", "trade", "ports", "trade"],
            vec!["absent"],
        ] {
            let clauses: Vec<(Occur, Box<dyn Query>)> = words
                .iter()
                .map(|w| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(text, w),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let theirs = ranked(&index, &BooleanQuery::new(clauses));
            let mut terms: Vec<(String, f32)> = Vec::new();
            for w in &words {
                match terms.iter_mut().find(|(t, _)| t == w) {
                    Some((_, n)) => *n += 1.0,
                    None => terms.push((w.to_string(), 1.0)),
                }
            }
            let field = FieldWeight {
                field: text,
                weight: 1.0,
                b: 0.75,
            };
            let ours = ranked(&index, &Bm25fQuery::new(1.2, vec![field], terms));
            assert_eq!(ours.len(), theirs.len(), "{words:?}");
            for (o, t) in ours.iter().zip(&theirs) {
                assert_eq!(o.1, t.1, "{words:?}: {ours:?} vs {theirs:?}");
                assert!((o.0 - t.0).abs() < 1e-4 * t.0.max(1.0), "{o:?} vs {t:?}");
            }
        }
    }

    #[test]
    fn one_saturation_over_weighted_fields() {
        let mut b = Schema::builder();
        let title = b.add_text_field("title", TEXT);
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer(15_000_000).expect("writer");
        w.add_document(doc!(title => "trade", text => "trade news"))
            .expect("add");
        w.add_document(doc!(title => "ships", text => "trade news"))
            .expect("add");
        w.add_document(doc!(title => "ships", text => "other news"))
            .expect("add");
        w.commit().expect("commit");
        let fields = |title_weight| {
            vec![
                FieldWeight {
                    field: text,
                    weight: 1.0,
                    b: 0.0,
                },
                FieldWeight {
                    field: title,
                    weight: title_weight,
                    b: 0.0,
                },
            ]
        };
        let terms = vec![("trade".to_string(), 1.0)];
        let top = ranked(&index, &Bm25fQuery::new(1.2, fields(1.0), terms.clone()));
        assert_eq!(top.len(), 2);
        // idf from the larger document frequency (2, in the text field).
        let idf = (1.0f32 + (3.0 - 2.0 + 0.5) / (2.0 + 0.5)).ln();
        let sat = |tf: f32| idf * 2.2 * tf / (1.2 + tf);
        assert!((top[0].0 - sat(2.0)).abs() < 1e-5, "{top:?}");
        assert!((top[1].0 - sat(1.0)).abs() < 1e-5, "{top:?}");
        // A title weight of 0.5 counts half an occurrence.
        let top = ranked(&index, &Bm25fQuery::new(1.2, fields(0.5), terms));
        assert!((top[0].0 - sat(1.5)).abs() < 1e-5, "{top:?}");
    }
}
