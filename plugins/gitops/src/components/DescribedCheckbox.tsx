import { Checkbox, FormControlLabel, FormHelperText } from '@material-ui/core';
import { ReactNode, useId } from 'react';

/**
 * A dialog option: a checkbox, its label, and the text below it that says
 * what it does (read by screen readers as the box's description).
 */
export function DescribedCheckbox(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId: string;
  children: ReactNode;
}) {
  const descriptionId = useId();
  return (
    <>
      <FormControlLabel
        control={
          <Checkbox
            checked={props.checked}
            onChange={event => props.onChange(event.target.checked)}
            color="primary"
            inputProps={{
              'aria-describedby': descriptionId,
              // @ts-expect-error the type omits data-* attributes; React passes them on
              'data-testid': props.testId,
            }}
          />
        }
        label={props.label}
      />
      <FormHelperText id={descriptionId}>{props.children}</FormHelperText>
    </>
  );
}
