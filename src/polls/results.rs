//! What a poll says so far: per proposal the counts, the best ones, and who said what.

use std::collections::HashMap;

use super::choice::Choice;
use super::model::{Poll, PollAnswer, PollParticipant, Proposal};

/// A poll with everything it holds, read in four queries.
#[derive(Debug, Clone)]
pub struct PollDetail {
    pub poll: Poll,
    pub proposals: Vec<Proposal>,
    pub participants: Vec<PollParticipant>,
    pub answers: Vec<PollAnswer>,
}

/// The counts of one proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub yes: usize,
    pub maybe: usize,
    pub no: usize,
}

/// Per proposal its counts and whether it is among the best; who answered what, as a grid of
/// people × proposals in their orders (12,000 cells for 200 people and 60 times, read without
/// allocating).
#[derive(Debug, Clone)]
pub struct Results {
    /// In the proposals' order.
    pub counts: Vec<Counts>,
    /// Parallel to `counts`: most yes, then fewest no (ties all marked; none without any yes).
    pub best: Vec<bool>,
    /// Row-major: `grid[person * proposals + proposal]`.
    grid: Vec<Option<Choice>>,
    proposals: usize,
    person_index: HashMap<String, usize>,
    proposal_index: HashMap<String, usize>,
}

impl PollDetail {
    /// Counts the answers.
    pub fn results(&self) -> Results {
        let proposal_index: HashMap<String, usize> = self
            .proposals
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let person_index: HashMap<String, usize> = self
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        let proposals = self.proposals.len();
        let mut counts = vec![Counts::default(); proposals];
        let mut grid = vec![None; proposals * self.participants.len()];
        for answer in &self.answers {
            let (Ok(choice), Some(&person), Some(&proposal)) = (
                Choice::parse(&answer.answer),
                person_index.get(answer.participant_id.as_str()),
                proposal_index.get(answer.proposal_id.as_str()),
            ) else {
                continue;
            };
            let c = &mut counts[proposal];
            match choice {
                Choice::Yes => c.yes += 1,
                Choice::Maybe => c.maybe += 1,
                Choice::No => c.no += 1,
            }
            grid[person * proposals + proposal] = Some(choice);
        }
        let best = best_of(&counts);
        Results {
            counts,
            best,
            grid,
            proposals,
            person_index,
            proposal_index,
        }
    }

    /// The proposal with this id.
    pub fn proposal(&self, proposal_id: &str) -> Option<&Proposal> {
        self.proposals.iter().find(|p| p.id == proposal_id)
    }
}

impl Results {
    /// What `participant_id` said to `proposal_id`, if anything.
    pub fn answer(&self, participant_id: &str, proposal_id: &str) -> Option<Choice> {
        let person = *self.person_index.get(participant_id)?;
        let proposal = *self.proposal_index.get(proposal_id)?;
        self.grid[person * self.proposals + proposal]
    }

    /// The answers of the person at `index` (in the participants' order), one per proposal.
    pub fn row(&self, index: usize) -> &[Option<Choice>] {
        self.grid
            .get(index * self.proposals..(index + 1) * self.proposals)
            .unwrap_or_default()
    }
}

/// The best proposals: the most yes, among those the fewest no.
fn best_of(counts: &[Counts]) -> Vec<bool> {
    let most_yes = counts.iter().map(|c| c.yes).max().unwrap_or(0);
    if most_yes == 0 {
        return vec![false; counts.len()];
    }
    let fewest_no = counts
        .iter()
        .filter(|c| c.yes == most_yes)
        .map(|c| c.no)
        .min()
        .unwrap_or(0);
    counts
        .iter()
        .map(|c| c.yes == most_yes && c.no == fewest_no)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(yes: usize, maybe: usize, no: usize) -> Counts {
        Counts { yes, maybe, no }
    }

    #[test]
    fn most_yes_wins_then_fewest_no() {
        let best = best_of(&[counts(2, 0, 1), counts(2, 1, 0), counts(1, 2, 0)]);
        assert_eq!(best, vec![false, true, false]);
    }

    #[test]
    fn ties_are_all_best_and_no_yes_marks_nothing() {
        assert_eq!(
            best_of(&[counts(1, 0, 0), counts(1, 3, 0)]),
            vec![true, true]
        );
        assert_eq!(
            best_of(&[counts(0, 2, 0), counts(0, 0, 1)]),
            vec![false, false]
        );
    }
}
